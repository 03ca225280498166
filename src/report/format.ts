/** Shared wording of the report's renderers: times, durations, verdicts, hosts, plain-text tables. */
import { formatDuration } from '../shared/duration';
import { Verdict } from './types';
import type { DrillReport, RtoJudgement, Session, VmMove } from './types';

/** `10:00:41.250` (UTC). */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** `2024-06-01 10:00:00 UTC`. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatMaybeDuration(ms: number | undefined, missing = '-'): string {
  return ms === undefined ? missing : formatDuration(ms);
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  [Verdict.PASS]: 'PASS',
  [Verdict.FAIL]: 'FAIL',
  [Verdict.NO_RTO]: 'NO RTO',
  [Verdict.NO_DATA]: 'NO DATA',
};

/** `RTO 5m00s (from the runbook): PASS`, `no RTO set: not judged`. */
export function describeRto(rto: RtoJudgement): string {
  const objective = rto.ms === undefined ? 'no RTO set' : `RTO ${formatDuration(rto.ms)} (from the ${rto.source})`;
  const verdict = rto.verdict === Verdict.NO_RTO ? 'not judged' : VERDICT_LABEL[rto.verdict];
  return `${objective}: ${verdict}`;
}

export function describeSession(s: Session): string {
  return `${s.user}@${s.machine}`;
}

/** Who ran it: `ops@box`, or `ops@box, resumed by ana@box2`. */
export function describeOperators(sessions: readonly Session[]): string {
  const [first, ...rest] = sessions;
  if (!first) return 'unknown';
  const resumes = rest.map((s) => `resumed by ${describeSession(s)}`);
  return [describeSession(first), ...resumes].join(', ');
}

/** `kvm-a1 -> kvm-b2`. */
export function describeHosts(from: string | undefined, to: string | undefined): string {
  return `${from ?? '?'} -> ${to ?? '?'}`;
}

/** The recovery figure of one VM, as a reader scans it: `41.0s`, `never up`. */
export function describeRecovery(move: VmMove): string {
  return move.upAt === undefined ? 'never up' : formatMaybeDuration(move.recoveryMs, '?');
}

/** `ok` / `over RTO` / `-` for a failover move. */
export function describeWithinRto(move: VmMove): string {
  if (move.isWithinRto === undefined) return move.upAt === undefined ? 'FAIL' : '-';
  return move.isWithinRto ? 'ok' : 'over RTO';
}

export function runDurationMs(report: DrillReport): number | undefined {
  return report.finishedAt === undefined ? undefined : report.finishedAt - report.startedAt;
}

/** Left-aligned columns separated by two spaces, each row indented. */
export function formatTable(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .map((line) => line.trimEnd() + '\n')
    .join('');
}
