/** `runbook runs`: the runs in the state directory (or the backend), newest first, as a table or JSON lines. */
import type { RunSource } from '../runs/run-source';
import type { RunSummary } from '../runs/store';
import { formatDuration } from '../shared/duration';
import { formatTable, formatTime } from './run-format';

export interface ShowRunsOptions {
  /** The state directory (a run whose process holds its engine lock is running), or the backend. */
  source: RunSource;
  isJson: boolean;
  write(text: string): void;
}

const HEADER = ['ID', 'RUNBOOK', 'WHO', 'STARTED', 'DURATION', 'STATUS'] as const;

export async function showRuns(options: ShowRunsOptions): Promise<void> {
  const runs = await options.source.listRuns();
  if (options.isJson) {
    options.write(runs.map((run) => JSON.stringify(run) + '\n').join(''));
    return;
  }
  if (runs.length === 0) {
    options.write(`no runs in ${options.source.label}\n`);
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
