/** The events that open a session in the journal: run.started, run.resumed, warnings. */
import { hostname, userInfo } from 'node:os';
import type { RunEvent, RunResumedEvent, RunStartedEvent, TaskKey } from '../engine/events';
import { digestFile, digestFiles } from './digest';
import type { OpenRunOptions, RunInputs } from './session-inputs';

export function makeRunStarted(runId: string, options: OpenRunOptions): RunStartedEvent {
  const { runbook, inventory } = options.inputs;
  return {
    type: 'run.started',
    runId,
    at: Date.now(),
    runbook: { name: runbook.name, path: runbook.path, files: digestFiles(runbook.files) },
    inventory: { name: inventory.name, path: inventory.path, sha256: digestFile(inventory.path) },
    argv: options.argv,
    user: currentUser(),
    machine: hostname(),
    cwd: options.cwd ?? process.cwd(),
    isDryRun: options.isDryRun,
    version: options.version,
    ...recordedRto(options.inputs),
    ...(runbook.isDrill === true ? { isDrill: true } : {}),
  };
}

/** The RTO for the drill report: the runbook's, else the inventory's, with which it was. */
function recordedRto(inputs: RunInputs): Pick<RunStartedEvent, 'rtoMs' | 'rtoSource'> {
  if (inputs.runbook.rtoMs !== undefined) return { rtoMs: inputs.runbook.rtoMs, rtoSource: 'runbook' };
  if (inputs.inventory.rtoMs !== undefined) return { rtoMs: inputs.inventory.rtoMs, rtoSource: 'inventory' };
  return {};
}

export function makeRunResumed(
  runId: string,
  argv: string[],
  finishedTasks: number,
  isForced: boolean
): RunResumedEvent {
  const at = Date.now();
  return { type: 'run.resumed', runId, at, argv, user: currentUser(), machine: hostname(), finishedTasks, isForced };
}

export function describeTask(key: TaskKey): string {
  const on = key.target === undefined ? '' : ` on ${key.target}`;
  const item = key.item === undefined ? '' : ` [${key.item}]`;
  return `step "${key.stepId}"${on}${item}`;
}

export function warning(message: string): RunEvent {
  return { type: 'warning', at: Date.now(), message };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['LOGNAME'] ?? 'unknown';
  }
}
