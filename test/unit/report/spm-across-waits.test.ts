/**
 * A site outage without power management: the failover wait ends with no SPM since kvm-a1 was lost, the failback
 * wait sees the election once the site is back (and, by polling, a shorter period without an SPM inside the same
 * outage). Together: one outage, ended by that election, whose handover starts at the loss.
 */
import { closeSpmOutages, withLossFromOutages } from '../../../src/report/spm-across-waits';
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
