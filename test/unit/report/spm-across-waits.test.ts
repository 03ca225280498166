/**
 * A site outage without power management: the failover wait ends with no SPM since kvm-a1 was lost, the failback
 * wait sees the election once the site is back (and, by polling, a shorter period without an SPM inside the same
 * outage). Together: one outage, ended by that election, whose handover starts at the loss.
 */
import {
  closeSpmOutages,
  widenSpmMovesBySilence,
  widenSpmOutagesBySilence,
  withLossFromOutages,
} from '../../../src/report/spm-across-waits';
import { DrillPhase, Witness } from '../../../src/report/types';
import type { SpmHandover } from '../../../src/report/types';

const LOST = 1_000_000;
const ELECTED = LOST + 369_000;
const election: SpmHandover = {
  phase: DrillPhase.FAILBACK,
  stepId: 'failback-vms',
  fromHost: 'kvm-a1',
  toHost: 'kvm-a3',
  electedAt: ELECTED,
  by: Witness.EVENTS,
};

describe('the SPM across the waits of a drill', () => {
  const outages = closeSpmOutages(
    [
      { from: LOST, by: Witness.EVENTS, host: 'kvm-a1' },
      { from: LOST + 200_000, to: LOST + 300_000, ms: 100_000, by: Witness.POLLING },
      { from: ELECTED + 1_000, to: ELECTED + 4_000, ms: 3_000, by: Witness.POLLING },
    ],
    [election]
  );

  it('ends an outage no wait saw end at the first election after it, and drops the periods inside it', () => {
    expect(outages).toEqual([
      { from: LOST, to: ELECTED, ms: 369_000, by: Witness.EVENTS, host: 'kvm-a1' },
      { from: ELECTED + 1_000, to: ELECTED + 4_000, ms: 3_000, by: Witness.POLLING },
    ]);
  });

  it("times the election's handover from the loss of its SPM host", () => {
    expect(withLossFromOutages([election], outages)).toEqual([{ ...election, lostAt: LOST, handoverMs: 369_000 }]);
  });

  it('leaves an outage open when no election followed it', () => {
    const open = { from: LOST, by: Witness.EVENTS, host: 'kvm-a1' };
    expect(closeSpmOutages([open], [])).toEqual([open]);
    expect(withLossFromOutages([{ ...election, electedAt: undefined }], [open])[0]?.lostAt).toBeUndefined();
  });
});

/**
 * A self-hosted engine dead with its site: the SPM host kvm-a1 is lost with it, and the restarted engine reports the
 * loss only from its own start (inside its silence, or just after it). Found on the self-hosted site-outage drill at
 * speeds 60 and 180: "No working SPM from 19:16:11 for 4m12s" while the engine had been silent since 19:10:07, so
 * the SPM may have been lost 6 minutes earlier. The outage and the handover count from the silence, an upper bound.
 */
describe('an SPM host lost while the engine was silent', () => {
  const SILENT = LOST - 365_000;
  const gaps = [{ stepId: 'failover-vms', from: SILENT, to: LOST + 30_000, ms: 395_000, error: 'connection refused' }];
  const reported = { from: LOST, by: Witness.EVENTS, host: 'kvm-a1' };

  it('counts no working SPM from the start of the silence, by polling, and says why', () => {
    const widened = widenSpmOutagesBySilence([reported], gaps);
    expect(closeSpmOutages(widened.outages, [election])).toEqual([
      { from: SILENT, to: ELECTED, ms: ELECTED - SILENT, by: Witness.POLLING, host: 'kvm-a1' },
    ]);
    expect(widened.notes).toEqual([
      `the SPM host kvm-a1's loss was first reported at ${LOST} (events) by an engine silent since ${SILENT}; ` +
        `the loss may be that early, so no working SPM is counted from ${SILENT} (an upper bound)`,
    ]);
  });

  it('times the handover from the silence, even when the wait saw the loss itself', () => {
    const seen = { ...election, lostAt: LOST, handoverMs: ELECTED - LOST };
    expect(widenSpmMovesBySilence([seen], gaps)).toEqual([
      { ...election, lostAt: SILENT, handoverMs: ELECTED - SILENT, by: Witness.POLLING },
    ]);
  });

  it('leaves a loss reported long after the engine answered again, and a forced selection, as they are', () => {
    const late = { from: LOST + 30_000 + 61_000, by: Witness.EVENTS, host: 'kvm-a1' };
    expect(widenSpmOutagesBySilence([late], gaps)).toEqual({ outages: [late], notes: [] });
    const forced = { ...election, lostAt: LOST, isForced: true };
    expect(widenSpmMovesBySilence([forced], gaps)).toEqual([forced]);
    expect(widenSpmOutagesBySilence([reported], [])).toEqual({ outages: [reported], notes: [] });
  });
});
