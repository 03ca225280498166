/**
 * The end-of-run summary: counts per status, then what needs the operator's eyes: each failed step x host and
 * why, the changes a dry-run would make, the plans it could not know and why, a refusal.
 */
import type { RunSummary, TaskChanges } from '../engine/options';
import { formatDuration } from '../shared/duration';
import { describeTarget, formatChange } from './format';

export interface SummaryStyle {
  bold(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const PLAIN: SummaryStyle = { bold: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t };

const MAX_LISTED = 50;

function countsLine(summary: RunSummary): string {
  const { counts } = summary;
  const ignored = summary.failures.filter((f) => f.isIgnored).length;
  const parts = [
    `${counts.ok} ok`,
    `${counts.changed} ${summary.isDryRun ? 'would change' : 'changed'}`,
    `${counts.skipped} skipped`,
    `${counts.failed} failed${ignored > 0 ? ` (${ignored} ignored)` : ''}`,
  ];
  if (summary.unknowns.length > 0) parts.push(`${summary.unknowns.length} unknown`);
  if (summary.restored > 0) parts.push(`${summary.restored} already done`);
  return parts.join(', ');
}

function headline(summary: RunSummary, style: SummaryStyle): string {
  const kind = summary.isDryRun ? 'Dry run' : 'Run';
  const took = formatDuration(summary.durationMs);
  if (summary.refusal !== undefined) return style.red(`${kind} ${summary.runId} refused after ${took}`);
  if (summary.status === 'interrupted') return style.yellow(`${kind} ${summary.runId} interrupted after ${took}`);
  if (summary.status === 'failed') return style.red(`${kind} ${summary.runId} failed after ${took}`);
  return style.green(`${kind} ${summary.runId} finished in ${took}`);
}

function section(title: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, MAX_LISTED);
  const more = lines.length > MAX_LISTED ? [`  … and ${lines.length - MAX_LISTED} more`] : [];
  return ['', title, ...shown, ...more];
}

function changeLines(changes: readonly TaskChanges[]): string[] {
  return changes.flatMap((task) =>
    task.changes.map((c) => `  [${task.stepId}] ${describeTarget(task)}: ${formatChange(c)}`)
  );
}

export function formatSummary(summary: RunSummary, style: SummaryStyle = PLAIN): string {
  const failed = summary.failures.filter((f) => !f.isIgnored);
  const ignored = summary.failures.filter((f) => f.isIgnored);
  const lines = [
    style.bold(headline(summary, style)),
    `  ${countsLine(summary)}`,
    ...(summary.refusal !== undefined ? ['', style.red(`Refused: ${summary.refusal}`)] : []),
    ...section(
      style.red('Failed:'),
      failed.map((f) => `  [${f.stepId}] ${describeTarget(f)}: ${f.message}`)
    ),
    ...section(
      'Failed but ignored (ignore_errors):',
      ignored.map((f) => `  [${f.stepId}] ${describeTarget(f)}: ${f.message}`)
    ),
    ...section('Would change:', changeLines(summary.changes)),
    ...section(
      style.yellow('Unknown until earlier steps are applied:'),
      summary.unknowns.map((u) => `  [${u.stepId}] ${describeTarget(u)}: ${u.reason}`)
    ),
  ];
  return `${lines.join('\n')}\n`;
}
