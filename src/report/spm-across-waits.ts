/**
 * The SPM across the drill's waits. A wait sees only its own stretch of time: the failover wait of a site outage
 * ends with "no SPM since the SPM host was lost" (without power management the engine elects none), and the
 * failback wait then sees the election once the site is back. Put together, the outage ends at that election, the
 * polls' shorter periods inside it are the same outage, and the election's handover starts when the SPM was lost.
 */
import { RESTARTED_ENGINE_STALE_MS } from '../shared/engine-silence';
import { Witness } from './types';
import type { SiteFigures, SpmHandover } from './types';

type SpmOutage = SiteFigures['spmOutages'][number];

/** The outages closed by the first election after them, those inside another dropped, oldest first. */
export function closeSpmOutages(outages: readonly SpmOutage[], moves: readonly SpmHandover[]): SpmOutage[] {
  const elections = moves
    .map((m) => m.electedAt)
    .filter((at): at is number => at !== undefined)
    .sort((a, b) => a - b);
  const closed = outages.map((o) => {
    if (o.to !== undefined) return o;
    const to = elections.find((at) => at > o.from);
    return to === undefined ? o : { ...o, to, ms: to - o.from };
  });
  const isInside = (o: SpmOutage) =>
    closed.some(
      (other) => other !== o && other.from <= o.from && other.to !== undefined && (o.to ?? Infinity) <= other.to
    );
  return closed.filter((o) => !isInside(o)).sort((a, b) => a.from - b.from);
}

/** A handover whose loss no wait saw starts when its SPM host was lost, as an outage of that host says. */
export function withLossFromOutages(moves: readonly SpmHandover[], outages: readonly SpmOutage[]): SpmHandover[] {
  return moves.map((m) => {
    if (m.lostAt !== undefined || m.electedAt === undefined || m.fromHost === undefined) return m;
    const outage = outages.find((o) => o.host === m.fromHost && o.from < m.electedAt! && o.to === m.electedAt);
    return outage === undefined ? m : { ...m, lostAt: outage.from, handoverMs: m.electedAt - outage.from };
  });
}

type EngineGap = SiteFigures['engineGaps'][number];

/** The silence that began at or before `at` and ended at most a restarted engine's monitoring delay before it. */
function silenceBefore(gaps: readonly EngineGap[], at: number): EngineGap | undefined {
  return gaps.find((g) => g.from <= at && at <= (g.to ?? Number.POSITIVE_INFINITY) + RESTARTED_ENGINE_STALE_MS);
}

/**
 * An SPM host whose loss the engine reported only after a silence that began earlier (a self-hosted engine dies
 * with its site, the SPM host among it, and once restarted reports the host lost from its own start) may have been
 * lost as early as the engine's last answer: the period without a working SPM is counted from there (an upper
 * bound, by polling), and a note pairs that with the engine's own time. The VMs get the same (widenedBySilence).
 */
export function widenSpmOutagesBySilence(
  outages: readonly SpmOutage[],
  gaps: readonly EngineGap[]
): { outages: SpmOutage[]; notes: string[] } {
  const notes: string[] = [];
  const widened = outages.map((o) => {
    const silence = o.by === Witness.EVENTS && o.host !== undefined ? silenceBefore(gaps, o.from) : undefined;
    if (silence === undefined) return o;
    notes.push(
      `the SPM host ${o.host}'s loss was first reported at ${o.from} (events) by an engine silent since ` +
        `${silence.from}; the loss may be that early, so no working SPM is counted from ${silence.from} (an upper bound)`
    );
    return {
      ...o,
      from: silence.from,
      ...(o.to !== undefined ? { ms: o.to - silence.from } : {}),
      by: Witness.POLLING,
    };
  });
  return { outages: widened, notes };
}

/** A handover from an SPM host lost in (or reported just after) a silence starts at the silence (an upper bound). */
export function widenSpmMovesBySilence(moves: readonly SpmHandover[], gaps: readonly EngineGap[]): SpmHandover[] {
  return moves.map((m) => {
    if (m.lostAt === undefined || m.electedAt === undefined || m.isForced === true) return m;
    const silence = silenceBefore(gaps, m.lostAt);
    if (silence === undefined) return m;
    return { ...m, lostAt: silence.from, handoverMs: m.electedAt - silence.from, by: Witness.POLLING };
  });
}
