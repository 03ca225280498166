/**
 * A real, throwaway PostgreSQL server for the state-backend tests: `initdb` into a temp dir and `postgres` on
 * 127.0.0.1 and a free port, with a password (scram-sha-256) for the user `runbook`. As root (CI), the cluster
 * belongs to the `postgres` system user (PostgreSQL refuses to run as root) and its commands run through
 * `runuser`. The tests use it through describePostgres (describe-postgres.ts); the trust benchmark directly.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, isRoot } from './sshd-process';

const PG_ROOT = '/usr/lib/postgresql';
const SYSTEM_USER = 'postgres';
export const PG_USER = 'runbook';

/** The newest installed server's bin directory (initdb, postgres), or undefined. */
function findBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(PG_ROOT, versions[0], 'bin');
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissingReason(): string | undefined {
  if (findBinDir() === undefined) return `no PostgreSQL server under ${PG_ROOT} (apt-get install postgresql)`;
  if (isRoot()) {
    try {
      execFileSync('id', ['-u', SYSTEM_USER], { stdio: 'ignore' });
    } catch {
      return `running as root, and there is no "${SYSTEM_USER}" user to run the server as`;
    }
  }
  return undefined;
}

export interface PostgresServer {
  /** postgres://runbook:…@127.0.0.1:PORT/runbook */
  url: string;
  password: string;
  port: number;
  stop(): Promise<void>;
}

/** `argv` as the cluster's owner: postgres (as root) or ourselves. */
function asOwner(argv: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', SYSTEM_USER, '--', ...argv]] : [argv[0] as string, argv.slice(1)];
}

/** `isDurable`: keep fsync and synchronous commit on, as a real server (the benchmark); tests turn them off. */
export async function startPostgres(options: { isDurable?: boolean } = {}): Promise<PostgresServer> {
  const bin = findBinDir();
  if (bin === undefined) throw new Error(postgresMissingReason());
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pg-'));
  const password = `pw-${process.pid}-${Date.now()}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', SYSTEM_USER]).toString());
    const gid = Number(execFileSync('id', ['-g', SYSTEM_USER]).toString());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const [initdb, initArgs] = asOwner([
    join(bin, 'initdb'),
    ...['-D', data, '-U', PG_USER, '--pwfile', join(dir, 'pwfile'), '-A', 'scram-sha-256', '-E', 'UTF8'],
    ...['--no-sync', '--no-instructions'],
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  for (let attempt = 1; ; attempt++) {
    // Another process may take the free port before the postmaster binds it: it then exits saying so, and this
    // start tries another port (anything else is an error at once).
    const port = await freePort('127.0.0.1');
    const [postgres, args] = asOwner([
      join(bin, 'postgres'),
      ...['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'],
      ...(options.isDurable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ]);
    const child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
    const url = `postgres://${PG_USER}:${password}@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilReady(url, child, () => log);
    } catch (error) {
      await stopPostmaster(child, dir);
      if (attempt < 3 && isPortTaken(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return { url, password, port, stop: () => stopServer(child, dir) };
  }
}

/** The postmaster could not listen on its port: another process had bound it. */
function isPortTaken(log: string): boolean {
  return /could not bind IPv4 address[^\n]*Address already in use/.test(log);
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not start in 60 s: ${String(error)}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Fast shutdown (SIGINT to the postmaster: clients are disconnected, not waited for). The signal goes to the
 * postmaster itself: runuser, its parent as root, does not pass SIGINT on.
 */
async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  await stopPostmaster(child, dir);
  rmSync(dir, { recursive: true, force: true });
}

async function stopPostmaster(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pidFile = join(dir, 'data', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : child.pid;
    try {
      if (pid !== undefined) process.kill(pid, 'SIGINT');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  }
}
