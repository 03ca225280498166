/** `runbook runs`: the runs in the state directory, newest first, as a table or JSON lines. */
import { liveRunIds } from '../runs/engine-lock';
import { listRuns } from '../runs/store';
import type { RunSummary } from '../runs/store';
import { formatDuration } from '../shared/duration';
import { formatTable, formatTime } from './run-format';

export interface ShowRunsOptions {
  stateDir: string;
  /** Where the engine locks are: a run whose process holds one is running. */
  lockDir: string;
  isJson: boolean;
  write(text: string): void;
}

const HEADER = ['ID', 'RUNBOOK', 'WHO', 'STARTED', 'DURATION', 'STATUS'] as const;

export function showRuns(options: ShowRunsOptions): void {
  const runs = listRuns(options.stateDir, liveRunIds(options.lockDir));
  if (options.isJson) {
    options.write(runs.map((run) => JSON.stringify(run) + '\n').join(''));
    return;
  }
  if (runs.length === 0) {
    options.write(`no runs in ${options.stateDir}\n`);
    return;
  }
  options.write(formatTable(HEADER, runs.map(toRow)));
}

function toRow(run: RunSummary): string[] {
  const duration = run.startedAt !== undefined && run.lastAt !== undefined ? run.lastAt - run.startedAt : undefined;
  return [
    run.id,
    run.runbookName ?? '-',
    run.user !== undefined ? `${run.user}@${run.machine ?? '?'}` : '-',
    formatTime(run.startedAt),
    duration === undefined || duration < 0 ? '-' : formatDuration(duration),
    run.isDryRun ? `${run.state} (dry run)` : run.state,
  ];
}
