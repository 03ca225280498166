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
import {
  byWitness,
  describeEmptied,
  describeEngineVm,
  describeFailbackPhase,
  describeLeftDown,
  describeSpmMoves,
  describeSpmOutages,
  describeStop,
  describeWitnessGaps,
} from './site-text';
import type { DrillReport, VmMove } from './types';
import { VmOutcome } from './types';

const MAX_REASONS = 5;
const SLOWEST_SHOWN = 3;

/**
 * A few lines: the run, the verdict and why, the slowest VMs, the sites (primary emptied, SPM moves and outages,
 * failback, VMs left down, the engine VM), what the witnesses could not see, where it stopped, the journal.
 */
export function renderDrillSummary(report: DrillReport): string {
  const lines = [
    `Drill run ${report.runId} (${report.runbook.name}): ${report.status}` +
      `${runDurationMs(report) === undefined ? '' : `, took ${formatMaybeDuration(runDurationMs(report))}`}` +
      `, by ${describeOperators(report.sessions)}, started ${formatDateTime(report.startedAt)}`,
    `${describeRto(report.rto)}${describeFailover(report.recoveries)}`,
    ...report.rto.reasons.slice(0, MAX_REASONS).map((r) => `  - ${r}`),
    ...(report.rto.reasons.length > MAX_REASONS ? [`  - and ${report.rto.reasons.length - MAX_REASONS} more`] : []),
    ...describeSlowest(report.recoveries),
    ...describeEmptied(report.site),
    ...describeSpmMoves(report.spm),
    ...describeSpmOutages(report.site),
    ...describeFailbackPhase(report),
    ...describeLeftDown(report.site),
    ...describeEngineVm(report.site),
    ...describeWitnessGaps(report),
    ...describeStop(report),
    `Journal: ${report.journal.isIntact ? '' : 'FAILED VERIFICATION: '}${report.journal.reason}`,
  ];
  return lines.map((l) => l + '\n').join('');
}

function describeFailover(moves: readonly VmMove[]): string {
  if (moves.length === 0) return '';
  const recovered = moves.filter((m) => m.outcome === VmOutcome.RECOVERED).length;
  const missing = moves.length - recovered;
  const notRecovered = moves.filter((m) => m.outcome === VmOutcome.NOT_RECOVERED).length;
  const tail =
    missing === 0
      ? ''
      : ` (${[notRecovered > 0 ? `${notRecovered} NOT recovered` : '', missing - notRecovered > 0 ? `${missing - notRecovered} not measured` : ''].filter(Boolean).join(', ')})`;
  return `; ${recovered} of ${moves.length} VM${moves.length === 1 ? '' : 's'} ran again on the other site${tail}`;
}

function describeSlowest(moves: readonly VmMove[]): string[] {
  const recovered = moves.filter((m) => m.outcome === VmOutcome.RECOVERED);
  if (recovered.length === 0) return [];
  const shown = recovered.slice(0, SLOWEST_SHOWN).map((m) => `${m.name} ${describeRecovery(m)}${byWitness(m.upBy)}`);
  return [`Slowest: ${shown.join(', ')}`];
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
  const head = ['VM', 'how', 'from -> to', 'left', 'up', 'time', ...(isJudged ? ['RTO'] : []), 'measured by'];
  const rows = moves.map((m) => [
    m.name,
    m.how ?? '-',
    describeRoute(m),
    m.leftAt === undefined ? '-' : formatClock(m.leftAt),
    m.upAt === undefined ? '-' : formatClock(m.upAt),
    describeRecovery(m),
    ...(isJudged ? [describeWithinRto(m)] : []),
    describeWitnesses(m),
  ]);
  const whys = moves.filter((m) => m.why !== undefined).map((m) => `  ${m.name}: ${m.why ?? ''}\n`);
  return formatTable([head, ...rows]) + whys.join('');
}

/** `kvm-a1 -> kvm-b2`, with the intermediate host and the host before the drill when they differ. */
function describeRoute(m: VmMove): string {
  const from =
    m.hostBefore !== undefined && m.hostBefore !== m.fromHost ? `${m.hostBefore}..${m.fromHost ?? '?'}` : m.fromHost;
  const via = m.viaHost !== undefined ? ` via ${m.viaHost}` : '';
  return `${describeHosts(from, m.toHost)}${via}`;
}

function describeWitnesses(m: VmMove): string {
  const left = m.leftBy ?? (m.leftAt === undefined ? undefined : 'events');
  const up = m.upBy ?? (m.upAt === undefined ? undefined : 'events');
  if (left === undefined && up === undefined) return '-';
  return left === up ? (left ?? '-') : `left: ${left ?? '-'}, up: ${up ?? '-'}`;
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
