/**
 * `runbook lab start`: in the foreground until Ctrl-C (or `runbook lab stop`), or with --detach as a background
 * process whose output goes to .runbook/lab/lab.log. Either way .runbook/lab/runtime.json says how to reach it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Inventory } from '../inventory/types';
import { readLiveRuntimeRecord, type LabRuntimeRecord } from '../lab/runtime-file';
import { serveLab } from '../lab/serve';
import { ExitCode, RunbookError } from '../shared/errors';
import type { CliIo } from './io';
import { renderStartBanner } from './lab-format';

const DETACH_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

export interface LabStartOptions {
  inventoryPath: string;
  inventory: Inventory;
  stateDir: string;
  isPreinstalled: boolean;
  speed?: number;
  isOnFreePorts: boolean;
}

export class LabStartRefusedError extends RunbookError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'LAB_START_REFUSED', exitCode: ExitCode.REFUSED, ...(hint !== undefined ? { hint } : {}) });
  }
}

export async function assertNotRunning(stateDir: string): Promise<void> {
  const record = await readLiveRuntimeRecord(stateDir);
  if (record) {
    throw new LabStartRefusedError(
      `a lab is already running (pid ${record.pid}, engine ${record.engineUrl})`,
      'stop it with `runbook lab stop`'
    );
  }
}

/** Runs the lab until SIGINT, SIGTERM or a stop request on its control endpoint. */
export async function runLabInForeground(options: LabStartOptions, io: CliIo): Promise<void> {
  await assertNotRunning(options.stateDir);
  const served = await serveLab({
    inventory: options.inventory,
    inventoryPath: options.inventoryPath,
    stateDir: options.stateDir,
    preinstalled: options.isPreinstalled,
    isOnFreePorts: options.isOnFreePorts,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    onHostEvent: (event) => {
      if (event.kind === 'error') io.stderr.write(`lab: ${event.host}: ${event.message}\n`);
    },
  });
  const signals = watchStopSignals();
  void served.stopRequested.then(() => signals.stop('stop requested'));
  io.stdout.write(
    renderStartBanner({ ...bannerOf(options.inventory, served.record, options.stateDir), isDetached: false })
  );
  const reason = await signals.stopped;
  signals.dispose();
  io.stdout.write(`\n${reason}: stopping the lab\n`);
  await served.close();
  io.stdout.write(`lab stopped; its state is kept in ${options.stateDir}\n`);
}

interface StopSignal {
  readonly stopped: Promise<string>;
  stop(reason: string): void;
  dispose(): void;
}

/** Resolves with the reason the lab should stop: SIGINT, SIGTERM, or a stop request. */
function watchStopSignals(): StopSignal {
  let stop: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const onSignal = (name: NodeJS.Signals): void => stop(name);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    stop: (reason) => stop(reason),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Starts `runbook lab start` again as a detached process and waits until it is reachable. */
export async function startLabDetached(options: LabStartOptions, forwardedArgs: string[], io: CliIo): Promise<void> {
  await assertNotRunning(options.stateDir);
  const logPath = join(options.stateDir, 'lab.log');
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const log = openSync(logPath, 'a');
  const script = process.argv[1] ?? '';
  const child = spawn(process.execPath, [script, 'lab', 'start', ...forwardedArgs], {
    cwd: io.cwd,
    env: io.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const deadline = Date.now() + DETACH_TIMEOUT_MS;
  while (Date.now() < deadline && exitCode === undefined) {
    const record = await readLiveRuntimeRecord(options.stateDir);
    if (record !== undefined && record.pid === child.pid) {
      io.stdout.write(
        renderStartBanner({ ...bannerOf(options.inventory, record, options.stateDir), isDetached: true })
      );
      io.stdout.write(`its output goes to ${logPath}\n`);
      return;
    }
    await sleep(POLL_MS);
  }
  const tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n');
  throw new LabStartRefusedError(
    `the detached lab did not come up${exitCode !== undefined ? ` (exit code ${exitCode})` : ''}:\n${tail}`,
    `see ${logPath}`
  );
}

function bannerOf(
  inventory: Inventory,
  record: LabRuntimeRecord,
  stateDir: string
): Omit<Parameters<typeof renderStartBanner>[0], 'isDetached'> {
  return {
    pid: record.pid,
    engineUrl: record.engineUrl,
    username: inventory.engine.username,
    passwordFile: join(stateDir, 'admin-password'),
    endpoints: record.endpoints,
    clientKeyPath: join(stateDir, 'id_ed25519'),
    knownHostsPath: join(stateDir, 'known_hosts'),
    stateDir,
  };
}
