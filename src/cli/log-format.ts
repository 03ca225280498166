/** The human renderings of a journal: the run timeline and one step's detail. */
import type { RunEvent, RunStartedEvent, TaskFinishedEvent } from '../engine/events';
import { formatDuration } from '../shared/duration';
import { formatChange as formatChangeText } from '../ui/format';
import type { Change } from '../modules/types';
import { formatClock, formatTime } from './run-format';

/** One line per change: a value with newlines would break the columns. */
function formatChange(change: Change): string {
  return oneLine(formatChangeText(change));
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

const COLUMNS = ['TIME', 'STEP', 'TARGET', 'ITEM', 'STATUS', 'DURATION', 'CHANGES'] as const;

type Row = { cells: string[]; more: string[] } | { marker: string; at: number };

export function renderTimeline(runId: string, events: readonly RunEvent[]): string {
  const first = events[0];
  const head = first?.type === 'run.started' ? describeStart(runId, first) : `run ${runId} (no run.started line)\n`;
  const rows = events.flatMap(toRows);
  const tail = events.at(-1)?.type === 'run.finished' ? '' : unfinishedNote(runId);
  return `${head}\n${renderRows(rows)}${tail}`;
}

function describeStart(runId: string, e: RunStartedEvent): string {
  const mode = e.isDryRun ? ' (dry run)' : '';
  return (
    [
      `run ${runId}: ${e.runbook.name} (${e.runbook.path})${mode}`,
      `  started ${formatTime(e.at)} by ${e.user}@${e.machine} in ${e.cwd}, runbook ${e.version}`,
      `  inventory ${e.inventory.name} (${e.inventory.path}, sha256 ${e.inventory.sha256.slice(0, 12)})`,
      `  argv: ${e.argv.join(' ')}`,
    ].join('\n') + '\n'
  );
}

function toRows(event: RunEvent): Row[] {
  switch (event.type) {
    case 'task.finished':
      return [taskRow(event)];
    case 'run.resumed': {
      const forced = event.isForced ? ', forced past changed inputs' : '';
      const text = `resumed by ${event.user}@${event.machine}: ${event.finishedTasks} tasks already done${forced}`;
      return [{ marker: text, at: event.at }];
    }
    case 'warning':
      return [{ marker: `warning${event.stepId ? ` (${event.stepId})` : ''}: ${event.message}`, at: event.at }];
    case 'run.finished': {
      const c = event.counts;
      const counts = `${c.ok} ok, ${c.changed} changed, ${c.skipped} skipped, ${c.failed} failed`;
      return [{ marker: `run ${event.status} after ${formatDuration(event.durationMs)}: ${counts}`, at: event.at }];
    }
    default:
      return [];
  }
}

function taskRow(e: TaskFinishedEvent): Row {
  const notes = [
    ...e.changes.map(formatChange),
    ...(e.error ? [oneLine(`error: ${e.error.message}${e.isIgnored ? ' (ignored)' : ''}`)] : []),
    ...(e.skipReason ? [e.skipReason] : []),
  ];
  const cells = [formatClock(e.at), e.stepId, e.target ?? '-', e.item ?? '-', e.status, formatDuration(e.durationMs)];
  return { cells: [...cells, notes[0] ?? ''], more: notes.slice(1) };
}

function renderRows(rows: readonly Row[]): string {
  const tasks = rows.flatMap((r) => ('cells' in r ? [r.cells] : []));
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...tasks.map((c) => (c[i] ?? '').length)));
  const pad = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const indent = ' '.repeat(widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0));
  const lines = [pad(COLUMNS)];
  for (const row of rows) {
    if ('marker' in row) lines.push(`${formatClock(row.at)}  -- ${row.marker}`);
    else lines.push(pad(row.cells), ...row.more.map((m) => indent + m));
  }
  return lines.join('\n') + '\n';
}

function unfinishedNote(runId: string): string {
  return `-- no run.finished: the run crashed or is still running; resume it with \`runbook exec FILE --resume ${runId}\`\n`;
}

export function renderStepDetail(stepId: string, events: readonly RunEvent[]): string {
  return [`step ${stepId}`, ...events.flatMap(detailLines)].join('\n') + '\n';
}

function detailLines(event: RunEvent): string[] {
  const who = 'target' in event || 'item' in event ? taskLabel(event as { target?: string; item?: string }) : '';
  const at = `${formatClock(event.at)}  ${who}`;
  switch (event.type) {
    case 'step.started':
      return [
        `${formatClock(event.at)}  started (${event.module}) on ${event.targets.join(', ') || 'the control machine'}`,
      ];
    case 'task.started':
      return [`${at}attempt ${event.attempt} started`];
    case 'task.planned':
      return [
        `${at}planned: ${event.status}${event.reason ? ` (${event.reason})` : ''}`,
        ...indented(event.changes.map(formatChange)),
      ];
    case 'task.retrying':
      return [
        `${at}retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt})${event.error ? `: ${event.error}` : ''}`,
      ];
    case 'task.finished':
      return finishedDetail(at, event);
    case 'step.finished':
      return [`${formatClock(event.at)}  step ${event.status} in ${formatDuration(event.durationMs)}`];
    case 'warning':
      return [`${at}warning: ${event.message}`];
    default:
      return [];
  }
}

function finishedDetail(at: string, e: TaskFinishedEvent): string[] {
  const attempts = `${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`;
  return [
    `${at}${e.status} in ${formatDuration(e.durationMs)} (${attempts})${e.isIgnored ? ', failure ignored' : ''}`,
    ...indented(e.changes.map(formatChange)),
    ...(e.error ? indented([`error: ${e.error.message}${e.error.code ? ` [${e.error.code}]` : ''}`]) : []),
    ...(e.skipReason ? indented([`skipped: ${e.skipReason}`]) : []),
    ...(e.unknownReason ? indented([`unknown: ${e.unknownReason}`]) : []),
    ...(e.correlationIds?.length ? indented([`correlation ids: ${e.correlationIds.join(', ')}`]) : []),
    ...(e.outputExcerpt ? indented(['output:', ...e.outputExcerpt.split('\n').map((l) => `  | ${l}`)]) : []),
  ];
}

function taskLabel(key: { target?: string; item?: string }): string {
  const parts = [key.target, key.item === undefined ? undefined : `[${key.item}]`].filter(Boolean);
  return parts.length > 0 ? `${parts.join(' ')}  ` : '';
}

function indented(lines: readonly string[]): string[] {
  return lines.map((l) => `            ${l}`);
}
