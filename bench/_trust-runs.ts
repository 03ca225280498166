/**
 * The trust benchmark's runs: the events of a changing run, recorded once, replayed into a JournalWriter in a state
 * directory with the observers a real run attaches (src/runs/session-state.ts `attachObservers`: the PostgreSQL
 * replica, the head signer and its stores). No module runs while measuring: what is measured is the journal and
 * what rides on it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../src/engine/events';
import { executeRun } from '../src/engine/execute';
import { loadInventory } from '../src/inventory/load';
import type { Inventory } from '../src/inventory/types';
import { JournalWriter } from '../src/runs/journal';
import { journalPathOf, runDirOf } from '../src/runs/paths';
import type { PgState } from '../src/runs/pg/state';
import type { OpenRunOptions } from '../src/runs/session-inputs';
import { attachObservers } from '../src/runs/session-state';
import type { SshSigner } from '../src/runs/ssh-signer';
import { echoInventoryYaml, echoRunbook } from './_journal-cost';

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ratio = (n: number, base: number): string => (n / base).toFixed(2);
/** The signed heads beside a journal. */
export const headsOf = (journal: string): number =>
  readdirSync(join(journal, '..', 'heads')).filter((n) => n.endsWith('.head')).length;

/** The operator's key as a key file and (when ssh-agent could be started) through the agent. */
export interface Keys {
  ed25519: SshSigner;
  agent?: SshSigner;
  /** An allowed signers file naming the key. */
  signers: string;
}

/** What rides on the journal: as `state:` in the inventory would set it. */
export interface Observers {
  backend?: PgState;
  signing?: { signer: SshSigner; checkpointMs: number };
}

export async function writeEchoInventory(dir: string, targets: number): Promise<Inventory> {
  const path = join(dir, `inventory-${targets}.yaml`);
  writeFileSync(path, echoInventoryYaml('trust-bench', targets));
  return loadInventory(path);
}

/**
 * The events of a run of `steps` echo steps, recorded once (the engine in-process, no engine, no SSH), each
 * task.finished turned into a change (`changed`, one change), so that replaying them syncs the journal after every
 * task as a changing run does (src/engine/durability.ts: a change is durable before anything after it starts).
 */
export async function recordChangingRun(inventory: Inventory, steps: number): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const summary = await executeRun({
    runId: 'recorded',
    runbook: echoRunbook('trust', steps, 'say'),
    inventory,
    isDryRun: false,
    isYes: true,
    sink: { emit: (event) => void events.push(event) },
    services: { ssh: () => Promise.reject(new Error('no ssh')), engine: () => Promise.reject(new Error('no engine')) },
    prompt: () => Promise.resolve(true),
    signal: new AbortController().signal,
  });
  if (summary.status !== 'ok') throw new Error(`the recorded run ended ${summary.status}`);
  return events.map((event) =>
    event.type === 'task.finished'
      ? { ...event, status: 'changed', changes: [{ path: 'spm_priority', from: 5, to: 7 }] }
      : event
  );
}

export interface ReplayedRun {
  /** Wall time: the journal created, every line written, the journal closed (the last head signed), in µs. */
  us: number;
  journal: string;
  syncs: number;
}

/**
 * `events` into a new journal `stateDir`/runs/`runId`, the observers attached as a real run attaches them
 * (attachObservers), a durability point after every task as the engine makes one after a change.
 */
export async function replayRun(
  stateDir: string,
  runId: string,
  events: readonly RunEvent[],
  observers: Observers
): Promise<ReplayedRun> {
  const journal = journalPathOf(runDirOf(stateDir, runId));
  const started = process.hrtime.bigint();
  const writer = await JournalWriter.create(journal);
  // attachObservers reads only the state directory, the backend and the signing key of a session's options.
  attachObservers(writer, runId, { stateDir, ...observers } as OpenRunOptions);
  for (const event of events) {
    writer.emit(event);
    if (event.type === 'task.finished' || event.type === 'run.finished') await writer.flush();
  }
  await writer.close();
  return { us: Number(process.hrtime.bigint() - started) / 1e3, journal, syncs: writer.syncCount };
}

/** An ssh-agent of our own (foreground, its socket in `dir`) holding `key`; stop() ends it. */
export interface Agent {
  socket: string;
  stop(): void;
}

export async function startAgent(dir: string, key: string): Promise<Agent | undefined> {
  const socket = join(dir, 'agent.sock');
  let child: ChildProcess;
  try {
    child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const failed = new Promise<undefined>((resolve) => child.once('error', () => resolve(undefined)));
  for (let i = 0; i < 100 && !existsSync(socket); i++) {
    if (child.exitCode !== null) return undefined;
    await Promise.race([failed, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  const stop = (): void => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  };
  try {
    execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
  } catch {
    stop();
    return undefined;
  }
  return { socket, stop };
}
