/** `runbook log RUN`: a run's timeline (`--step ID` for one step's detail and output, `--json` for the events). */
import { readJournal } from '../runs/read';
import type { JournalContents } from '../runs/read';
import { withRun } from '../runs/run-source';
import type { RunSource } from '../runs/run-source';
import { ExitCode, RunbookError } from '../shared/errors';
import { renderStepDetail, renderTimeline } from './log-format';

export interface ShowLogOptions {
  /** The state directory, or the backend (`-i` an inventory whose state is in PostgreSQL). */
  source: RunSource;
  /** A run id or a unique prefix. */
  run: string;
  stepId?: string;
  isJson: boolean;
  write(text: string): void;
}

/** `--step` named a step the run never reached. */
export class StepNotInRunError extends RunbookError {
  readonly stepId: string;
  readonly runId: string;
  constructor(stepId: string, runId: string, known: readonly string[]) {
    const list = known.length > 0 ? known.join(', ') : 'none';
    super(`run ${runId} has no step "${stepId}" (steps in its journal: ${list})`, {
      code: 'STEP_NOT_IN_RUN',
      exitCode: ExitCode.USAGE,
    });
    this.stepId = stepId;
    this.runId = runId;
  }
}

export async function showLog(options: ShowLogOptions): Promise<void> {
  await withRun(options.source, options.run, (run) => writeLog(options, run.runId, readJournal(run.journalPath)));
}

function writeLog(options: ShowLogOptions, runId: string, contents: JournalContents): void {
  const events = options.stepId === undefined ? contents.events : eventsOfStep(contents, options.stepId, runId);
  if (options.isJson) {
    options.write(events.map((e) => JSON.stringify(e) + '\n').join(''));
    return;
  }
  const text =
    options.stepId === undefined ? renderTimeline(runId, contents.events) : renderStepDetail(options.stepId, events);
  options.write(text + tornNote(contents));
}

function eventsOfStep(contents: JournalContents, stepId: string, runId: string): JournalContents['events'] {
  const events = contents.events.filter((e) => 'stepId' in e && e.stepId === stepId);
  if (events.length > 0) return events;
  const known = new Set(contents.events.flatMap((e) => (e.type === 'step.started' ? [e.stepId] : [])));
  throw new StepNotInRunError(stepId, runId, [...known]);
}

function tornNote(contents: JournalContents): string {
  if (!contents.torn) return '';
  return `note: line ${contents.torn.line} of the journal is torn (a crash cut its write short); it is not shown\n`;
}
