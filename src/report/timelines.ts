/**
 * The report's timelines as lanes for svg.ts: the steps of the run (control machine clock) and the VMs of each
 * phase with their SPM handover (engine clock). A VM's bar runs from when its host left (maintenance or failure) to
 * when it ran again on the other site, coloured by the RTO, with the RTO deadline marked in its lane.
 */
import { formatDuration } from '../shared/duration';
import { describeHosts, describeRecovery, describeWithinRto, formatClock, formatMaybeDuration } from './format';
import type { Markup } from './markup';
import { BarKind, renderTimeline } from './svg';
import type { Bar, Lane } from './svg';
import type { DrillPhase, DrillReport, SpmHandover, StepSpan, VmMove } from './types';

const STEP_KIND: Record<string, BarKind> = {
  ok: BarKind.OK,
  changed: BarKind.CHANGED,
  failed: BarKind.FAILED,
  skipped: BarKind.SKIPPED,
};

export function renderStepTimeline(report: DrillReport): Markup | undefined {
  if (report.steps.length === 0) return undefined;
  const lastAt = Math.max(report.finishedAt ?? 0, ...report.steps.flatMap((s) => [s.startedAt, ...taskEnds(s)]));
  return renderTimeline({
    id: 'step-timeline',
    title: 'Steps of the run (control machine clock)',
    origin: report.startedAt,
    lanes: report.steps.map((step) => stepLane(step, lastAt)),
  });
}

function taskEnds(step: StepSpan): number[] {
  return step.tasks.map((t) => t.finishedAt);
}

function stepLane(step: StepSpan, lastAt: number): Lane {
  const end = step.finishedAt ?? Math.max(step.startedAt, ...taskEnds(step), lastAt);
  const status = step.status ?? 'unfinished';
  const took = step.durationMs === undefined ? 'never finished' : formatDuration(step.durationMs);
  return {
    label: step.stepId,
    bars: [
      {
        start: step.startedAt,
        end,
        kind: step.status === undefined ? BarKind.OPEN : (STEP_KIND[step.status] ?? BarKind.OK),
        title: `${step.stepId} (${step.module}): ${status}, ${took}, from ${formatClock(step.startedAt)}`,
      },
    ],
    note: `${status} ${step.durationMs === undefined ? '' : formatDuration(step.durationMs)}`.trim(),
  };
}

/** The VMs (and SPM) of one phase; undefined when that phase has nothing with a start time. */
export function renderMoveTimeline(report: DrillReport, phase: DrillPhase): Markup | undefined {
  const moves = phase === 'failover' ? report.recoveries : report.failback;
  const handovers = report.spm.filter((h) => h.phase === phase && h.lostAt !== undefined);
  const lanes = [
    ...handovers.map(spmLane),
    ...moves.filter((m) => m.leftAt !== undefined).map((m) => vmLane(m, report, phase === 'failover')),
  ];
  const starts = [...handovers.map((h) => h.lostAt ?? 0), ...moves.flatMap((m) => m.leftAt ?? [])];
  if (lanes.length === 0) return undefined;
  return renderTimeline({
    id: `${phase}-timeline`,
    title: `${phase === 'failover' ? 'Failover' : 'Failback'}: per VM, from its host leaving to running again (engine clock)`,
    origin: Math.min(...starts),
    lanes,
  });
}

function vmLane(move: VmMove, report: DrillReport, isJudged: boolean): Lane {
  const leftAt = move.leftAt ?? 0;
  const waitEnd = report.waits.find((w) => w.stepId === move.stepId)?.finishedAt ?? leftAt;
  const isUp = move.upAt !== undefined;
  const bar: Bar = {
    start: leftAt,
    end: move.upAt ?? Math.max(waitEnd, leftAt),
    kind: barKindOf(move, isJudged),
    title:
      `${move.name} ${move.how ?? ''} ${describeHosts(move.fromHost, move.toHost)}: left ${formatClock(leftAt)}, ` +
      (isUp ? `up ${formatClock(move.upAt ?? 0)}, ${describeRecovery(move)}` : 'never ran again'),
  };
  const rtoMs = isJudged ? report.rto.ms : undefined;
  const verdict = isJudged ? describeWithinRto(move) : '';
  return {
    label: move.name,
    bars: [bar],
    ...(rtoMs === undefined ? {} : { marker: leftAt + rtoMs }),
    note: `${describeRecovery(move)} ${verdict === '-' ? '' : verdict}`.trim(),
  };
}

function barKindOf(move: VmMove, isJudged: boolean): BarKind {
  if (move.upAt === undefined) return BarKind.OPEN;
  if (!isJudged || move.isWithinRto === undefined) return BarKind.NEUTRAL;
  return move.isWithinRto ? BarKind.PASS : BarKind.OVER;
}

function spmLane(handover: SpmHandover): Lane {
  const lostAt = handover.lostAt ?? 0;
  const isElected = handover.electedAt !== undefined;
  return {
    label: `SPM ${describeHosts(handover.fromHost, handover.toHost)}`,
    bars: [
      {
        start: lostAt,
        end: handover.electedAt ?? lostAt,
        kind: isElected ? BarKind.NEUTRAL : BarKind.OPEN,
        title: `SPM handover ${describeHosts(handover.fromHost, handover.toHost)}: ${formatMaybeDuration(handover.handoverMs, 'no SPM elected')}`,
      },
    ],
    note: isElected ? formatMaybeDuration(handover.handoverMs, '?') : 'no SPM elected',
  };
}
