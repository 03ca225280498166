/**
 * The SPM across the drill's waits. A wait sees only its own stretch of time: the failover wait of a site outage
 * ends with "no SPM since the SPM host was lost" (without power management the engine elects none), and the
 * failback wait then sees the election once the site is back. Put together, the outage ends at that election, the
 * polls' shorter periods inside it are the same outage, and the election's handover starts when the SPM was lost.
 */
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
