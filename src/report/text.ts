/**
 * Plain-text renderings of a drill report: the short summary every drill run ends with, and the longer report
 * `runbook report RUN` prints (the summary, then the recovery, failback and step tables).
 */
import { formatDuration } from '../shared/duration';
import {
  describeHosts,
  describeOperators,
  describeRecovery,
  describeRto,
  describeWithinRto,
  formatClock,
  formatDateTime,
  formatMaybeDuration,
  formatTable,
  runDurationMs,
} from './format';
import type { DrillReport, SpmHandover, VmMove } from './types';
import { DrillPhase } from './types';

const MAX_REASONS = 5;
const SLOWEST_SHOWN = 3;

/** A few lines: the run, the verdict, the slowest VMs, SPM, failback, the journal's status. */
export function renderDrillSummary(report: DrillReport): string {
  const lines = [
    `Drill run ${report.runId} (${report.runbook.name}): ${report.status}` +
      `${runDurationMs(report) === undefined ? '' : `, took ${formatMaybeDuration(runDurationMs(report))}`}` +
      `, by ${describeOperators(report.sessions)}, started ${formatDateTime(report.startedAt)}`,
    `${describeRto(report.rto)}${describeFailover(report.recoveries)}`,
    ...report.rto.reasons.slice(0, MAX_REASONS).map((r) => `  - ${r}`),
    ...(report.rto.reasons.length > MAX_REASONS ? [`  - and ${report.rto.reasons.length - MAX_REASONS} more`] : []),
    ...describeSlowest(report.recoveries),
    ...describeSpm(report.spm, DrillPhase.FAILOVER),
    ...describeFailback(report),
    `Journal: ${report.journal.isIntact ? '' : 'FAILED VERIFICATION: '}${report.journal.reason}`,
  ];
  return lines.map((l) => l + '\n').join('');
}

function describeFailover(moves: readonly VmMove[]): string {
  if (moves.length === 0) return '';
  const recovered = moves.filter((m) => m.upAt !== undefined).length;
  return `; ${recovered} of ${moves.length} VM${moves.length === 1 ? '' : 's'} ran again on the other site`;
}

function describeSlowest(moves: readonly VmMove[]): string[] {
  if (moves.length === 0) return [];
  const shown = moves.slice(0, SLOWEST_SHOWN).map((m) => `${m.name} ${describeRecovery(m)}`);
  return [`Slowest: ${shown.join(', ')}`];
}

function describeSpm(handovers: readonly SpmHandover[], phase: DrillPhase): string[] {
  return handovers
    .filter((h) => h.phase === phase)
    .map((h) => {
      const time = h.electedAt === undefined ? 'no SPM elected' : `in ${formatMaybeDuration(h.handoverMs, '?')}`;
      return `SPM ${phase}: ${describeHosts(h.fromHost, h.toHost)} ${time}`;
    });
}

function describeFailback(report: DrillReport): string[] {
  if (report.failback.length === 0) return describeSpm(report.spm, DrillPhase.FAILBACK);
  const home = report.failback.filter((m) => m.upAt !== undefined).length;
  const slowest = report.failback[0];
  const tail = slowest ? `, slowest ${slowest.name} ${describeRecovery(slowest)}` : '';
  return [
    `Failback: ${home} of ${report.failback.length} VMs home${tail}`,
    ...describeSpm(report.spm, DrillPhase.FAILBACK),
  ];
}

/** `runbook report RUN` without --json: the summary and every table. */
export function renderTextReport(report: DrillReport): string {
  const parts = [renderDrillSummary(report)];
  if (report.isDryRun) parts.push('\nThis was a dry run: nothing was changed, so nothing was measured.\n');
  if (report.recoveries.length > 0) {
    parts.push('\nRecovery per VM (failover, slowest first; engine clock, UTC)\n', moveTable(report.recoveries, true));
  }
  if (report.failback.length > 0) parts.push('\nFailback per VM (slowest first)\n', moveTable(report.failback, false));
  if (report.waits.length > 0) parts.push('\nWaits (engine clock)\n', waitTable(report));
  parts.push('\nSteps (control machine clock, UTC)\n', stepTable(report));
  if (report.notes.length > 0) parts.push('\nNotes\n', ...report.notes.map((n) => `  ${n}\n`));
  return parts.join('');
}

function moveTable(moves: readonly VmMove[], isJudged: boolean): string {
  const head = ['VM', 'how', 'from -> to', 'left', 'up', 'time', ...(isJudged ? ['RTO'] : [])];
  const rows = moves.map((m) => [
    m.name,
    m.how ?? '-',
    describeHosts(m.fromHost, m.toHost),
    m.leftAt === undefined ? '-' : formatClock(m.leftAt),
    m.upAt === undefined ? '-' : formatClock(m.upAt),
    describeRecovery(m),
    ...(isJudged ? [describeWithinRto(m)] : []),
  ]);
  return formatTable([head, ...rows]);
}

function waitTable(report: DrillReport): string {
  const rows = report.waits.map((w) => [
    w.stepId,
    w.phase,
    `${w.condition}${w.site === undefined ? '' : ` ${w.site}`}`,
    w.startedAt === undefined ? '-' : formatClock(w.startedAt),
    formatMaybeDuration(w.elapsedMs),
    w.status + (w.error === undefined ? '' : `: ${w.error}`),
  ]);
  return formatTable([['step', 'phase', 'condition', 'started', 'elapsed', 'status'], ...rows]);
}

function stepTable(report: DrillReport): string {
  const rows = report.steps.map((s) => [
    formatClock(s.startedAt),
    `+${formatDuration(s.startedAt - report.startedAt)}`,
    formatMaybeDuration(s.durationMs),
    s.status ?? 'unfinished',
    `${s.stepId} (${s.module})`,
  ]);
  return formatTable([['started', 'offset', 'took', 'status', 'step'], ...rows]);
}
