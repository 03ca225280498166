/**
 * Test scaffolding for the simulated hosts: a loopback two-site inventory, a lab in a temp dir on free ports,
 * the real OpenSSH client, and an ssh2 client for SFTP.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { startSimulatedHosts, type SimulatedHosts, type SimulatedHostsOptions } from '../../../../src/lab/hosts';
import type { Inventory } from '../../../../src/inventory/types';
import { makeHost, makeInventory, type InventoryOverrides } from '../../../helpers/inventory';

export const ADDRESSES = {
  'kvm-a1': '127.10.1.11',
  'kvm-a2': '127.10.1.12',
  'kvm-b1': '127.10.2.21',
  'kvm-b2': '127.10.2.22',
  engine: '127.10.1.5',
} as const;

export function makeLabInventory(overrides: InventoryOverrides = {}): Inventory {
  return makeInventory({
    hosts: {
      'kvm-a1': makeHost('kvm-a1', 'primary', { address: ADDRESSES['kvm-a1'], hostedEngine: true }),
      'kvm-a2': makeHost('kvm-a2', 'primary', { address: ADDRESSES['kvm-a2'] }),
      'kvm-b1': makeHost('kvm-b1', 'secondary', { address: ADDRESSES['kvm-b1'], hostedEngine: true }),
      'kvm-b2': makeHost('kvm-b2', 'secondary', { address: ADDRESSES['kvm-b2'] }),
      engine: makeHost('engine', undefined, { address: ADDRESSES.engine }),
    },
    ...overrides,
  });
}

export interface LabFixture {
  hosts: SimulatedHosts;
  stateDir: string;
  /** Stop the hosts and start them again on the same state directory. */
  restart(options?: Partial<SimulatedHostsOptions>): Promise<SimulatedHosts>;
  cleanup(): Promise<void>;
}

export async function startLab(options: Partial<SimulatedHostsOptions> = {}): Promise<LabFixture> {
  const stateDir = await mkdtemp(join(tmpdir(), 'runbook-simhosts-'));
  const base = { inventory: makeLabInventory(), stateDir, port: 0, ...options };
  const fixture: LabFixture = {
    hosts: await startSimulatedHosts(base),
    stateDir,
    async restart(more = {}) {
      await fixture.hosts.close();
      fixture.hosts = await startSimulatedHosts({ ...base, ...more });
      return fixture.hosts;
    },
    async cleanup() {
      await fixture.hosts.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface OpenSshOptions {
  stdin?: string;
  user?: string;
  identity?: string;
  knownHosts?: string;
  /** Extra ssh(1) options, e.g. `-o ProxyCommand=...`. */
  extraArgs?: string[];
}

/** Runs a local program without blocking the event loop (the lab's servers run in this process). */
export function runProcess(program: string, args: readonly string[], stdin = ''): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), exitCode })
    );
    child.stdin.end(stdin);
  });
}

/** Runs a command on a simulated host with the real OpenSSH client, strict host key checking on. */
export function runOpenSsh(
  hosts: SimulatedHosts,
  host: string,
  command: string,
  options: OpenSshOptions = {}
): Promise<CommandResult> {
  const endpoint = hosts.endpoints[host];
  if (!endpoint) throw new Error(`no endpoint for ${host}`);
  const args = [
    '-F',
    '/dev/null',
    '-i',
    options.identity ?? hosts.clientKeyPath,
    '-o',
    `UserKnownHostsFile=${options.knownHosts ?? hosts.knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ConnectTimeout=10',
    ...(options.extraArgs ?? []),
    '-p',
    String(endpoint.port),
    `${options.user ?? 'root'}@${endpoint.address}`,
    command,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), exitCode })
    );
    // ssh may exit before it reads its input (a refused connection): its exit code and stderr say so, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

/** An ssh2 client connected to a simulated host with the lab key (or the given credentials). */
export async function connectSsh2(
  hosts: SimulatedHosts,
  host: string,
  credentials: Partial<ConnectConfig> = {}
): Promise<Client> {
  const endpoint = hosts.endpoints[host];
  if (!endpoint) throw new Error(`no endpoint for ${host}`);
  const privateKey = credentials.password === undefined ? await readFile(hosts.clientKeyPath) : undefined;
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({
      host: endpoint.address,
      port: endpoint.port,
      username: 'root',
      ...(privateKey ? { privateKey } : {}),
      readyTimeout: 10_000,
      ...credentials,
    });
  });
  return client;
}

export function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
}

export function execSsh2(client: Client, command: string, stdin = ''): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let exitCode: number | null = null;
      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      channel.on('exit', (code: number | null) => (exitCode = code));
      channel.on('close', () =>
        resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), exitCode })
      );
      channel.end(stdin);
    });
  });
}
