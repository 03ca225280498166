/**
 * Real OpenSSH sshd processes on a loopback address (127.0.x.y only) and a free port, with a host key generated
 * per server, the authorized keys in a temp dir, and a dedicated `runbook-test` user (password + sudo) created
 * only when running as root. No test-framework code here: the SSH benchmark uses it too (see sshd.ts for tests).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const TEST_USER = 'runbook-test';
const PASSWORD_DIR = '/var/lib/runbook-test';

export interface SshdHandle {
  address: string;
  port: number;
  dir: string;
  /** The host's public key blob (SSH wire format). */
  hostKey: Buffer;
  /** `[address]:port ssh-ed25519 AAAA…` for a known_hosts file. */
  knownHostsLine: string;
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  address: string;
  /** Public key lines accepted for every user. */
  authorizedKeys?: string[];
  extraConfig?: string[];
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Why the real-sshd tests cannot run here, or undefined when they can. */
export function sshdMissingReason(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  for (const tool of ['ssh-keygen', 'ssh-agent', 'ssh-add']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (apt-get install openssh-client)`;
    }
  }
  return undefined;
}

/** Why the password and become tests cannot run here (they need root to create the test user, and sudo). */
export function testUserMissingReason(): string | undefined {
  if (!isRoot()) return 'not running as root, so the runbook-test user cannot be created';
  if (!existsSync('/usr/bin/sudo')) return 'sudo is not installed (apt-get install sudo)';
  return undefined;
}

export function makeTempDir(prefix = 'runbook-ssh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An unencrypted ed25519 key pair; returns the private key path (the public key is `${path}.pub`). */
export function createKeyPair(dir: string, name = 'id_ed25519'): string {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'runbook-test', '-f', path], { stdio: 'ignore' });
  return path;
}

export function publicKeyLine(privateKeyPath: string): string {
  return readFileSync(`${privateKeyPath}.pub`, 'utf8').trim();
}

export async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startSshd(options: StartSshdOptions): Promise<SshdHandle> {
  assertLoopback(options.address);
  if (isRoot()) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = makeTempDir('runbook-sshd-');
  chmodSync(dir, 0o755); // sshd reads authorized_keys as the logging-in user
  const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyPath], { stdio: 'ignore' });
  writeFileSync(join(dir, 'authorized_keys'), (options.authorizedKeys ?? []).join('\n') + '\n', { mode: 0o644 });
  const hostKeyLine = readFileSync(`${hostKeyPath}.pub`, 'utf8').trim().split(/\s+/);
  const hostKey = Buffer.from(hostKeyLine[1] ?? '', 'base64');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(options.address);
    writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, options, port, hostKeyPath));
    const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    try {
      await waitForBanner(options.address, port, child, log, join(dir, 'sshd.pid'));
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      throw error;
    }
    const knownHostsLine = `[${options.address}]:${port} ${hostKeyLine[0]} ${hostKeyLine[1]}`;
    return { address: options.address, port, dir, hostKey, knownHostsLine, stop: () => stopProcess(child, dir) };
  }
}

function sshdConfig(dir: string, options: StartSshdOptions, port: number, hostKeyPath: string): string {
  const users = isRoot() ? `root ${TEST_USER}` : (process.env.USER ?? 'nobody');
  return (
    [
      `Port ${port}`,
      `ListenAddress ${options.address}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${users}`,
      'AllowTcpForwarding yes',
      'MaxSessions 10',
      'MaxStartups 100:30:200',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      ...(options.extraConfig ?? []),
    ].join('\n') + '\n'
  );
}

/**
 * Waits until this sshd listens: it writes its pid file once its sockets are bound, so a banner seen before that
 * (another sshd that took the port between freePort and this one's bind) does not count. This one then exits
 * ("Address already in use") and startSshd tries another port.
 */
async function waitForBanner(
  address: string,
  port: number,
  child: ChildProcess,
  log: string[],
  pidFile: string
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log.join('')}`);
    if (isListening(child, pidFile) && (await hasBanner(address, port))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`sshd on ${address}:${port} did not answer: ${log.join('')}`);
}

function isListening(child: ChildProcess, pidFile: string): boolean {
  try {
    return readFileSync(pidFile, 'utf8').trim() === String(child.pid);
  } catch {
    return false;
  }
}

function hasBanner(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('SSH-'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function stopProcess(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address))
    throw new Error(`test sshd must listen on 127.x.y.z, not ${address}`);
}

/**
 * The dedicated test user (created once when absent, root only) with a random password kept in a root-only file,
 * and a sudoers rule that asks for that password.
 */
export function ensureTestUser(): { user: string; password: string } {
  if (!isRoot()) throw new Error('ensureTestUser needs root');
  mkdirSync(PASSWORD_DIR, { recursive: true, mode: 0o700 });
  const passwordFile = join(PASSWORD_DIR, 'password');
  if (!existsSync(passwordFile)) {
    const candidate = join(PASSWORD_DIR, `password.${process.pid}`);
    writeFileSync(candidate, randomBytes(18).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(candidate, passwordFile);
    } catch {
      // Another test worker won the race; use its password.
    }
    rmSync(candidate, { force: true });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  try {
    execFileSync('id', [TEST_USER], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('useradd', ['--system', '--create-home', '--shell', '/bin/sh', TEST_USER], { stdio: 'ignore' });
    } catch {
      execFileSync('id', [TEST_USER], { stdio: 'ignore' }); // created meanwhile by another worker
    }
  }
  execFileSync('chpasswd', { input: `${TEST_USER}:${password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  const sudoers = `/etc/sudoers.d/${TEST_USER}`;
  if (existsSync('/etc/sudoers.d') && !existsSync(sudoers)) {
    writeFileSync(sudoers, `${TEST_USER} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
  }
  return { user: TEST_USER, password };
}

export interface AgentHandle {
  socket: string;
  stop(): Promise<void>;
}

/** An ssh-agent on a socket in a temp dir, holding the given key. */
export async function startSshAgent(privateKeyPath: string): Promise<AgentHandle> {
  const dir = makeTempDir('runbook-agent-');
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('ssh-agent did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  execFileSync('ssh-add', ['-q', privateKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  return { socket, stop: () => stopProcess(child, dir) };
}
