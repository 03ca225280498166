import { migrationRate, planMigration } from '../../../../src/lab/world/migration-plan';
import type { MigrationInput } from '../../../../src/lab/world/migration-plan';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** The engine's and vdsm's defaults: 52 MiB/s, 4 MiB in flight, 2 s set-up, a monitor tick every 10 s. */
function input(overrides: Partial<MigrationInput> = {}): MigrationInput {
  return {
    memory: 4 * GiB,
    dirtyRate: 8 * MiB,
    bandwidth: 52 * MiB,
    rttMs: 0.2,
    tcpWindow: 4 * MiB,
    setupMs: 2_000,
    monitorIntervalMs: 10_000,
    ...overrides,
  };
}

describe('a live migration under the Minimal downtime policy', () => {
  it('of an idle guest takes the set-up and one pass of its memory at the bandwidth', () => {
    const plan = planMigration(input({ dirtyRate: 0 }));
    expect(plan).toEqual({ isConverging: true, durationMs: 2_000 + Math.ceil((4096 / 52) * 1000), downtimeMs: 0 });
  });

  it('of a lightly loaded guest re-sends what it dirtied until the rest fits in 100 ms of downtime', () => {
    const plan = planMigration(input());
    // 4 GiB at 52 MiB/s = 78.8 s, then 630 MiB (12.1 s), 97 MiB (1.9 s), 15 MiB (0.29 s): 2.3 MiB left < 5.2 MiB.
    expect(plan.isConverging).toBe(true);
    expect(plan.durationMs).toBeGreaterThan(2_000 + 93_000);
    expect(plan.durationMs).toBeLessThan(2_000 + 94_000);
    expect(plan.isConverging && plan.downtimeMs).toBeLessThanOrEqual(100);
  });

  it('of a guest dirtying as fast as the link never converges: the policy aborts at its last step', () => {
    const plan = planMigration(input({ memory: GiB, dirtyRate: 60 * MiB }));
    // Passes of 19.7 s: the monitor sees iterations 2, 3, ... and needs six ticks after its first with a new one.
    expect(plan.isConverging).toBe(false);
    expect(plan.durationMs % 10_000).toBe(0);
    expect(plan.durationMs).toBeGreaterThanOrEqual(70_000);
  });

  it('aborts no earlier than the seventh monitor tick, however short its passes', () => {
    const plan = planMigration(input({ memory: 64 * MiB, dirtyRate: 64 * MiB, setupMs: 0 }));
    expect(plan).toEqual({ isConverging: false, durationMs: 70_000 });
  });

  it('between sites 100 ms apart moves at most 4 MiB per round trip (40 MiB/s), slower than the bandwidth', () => {
    expect(migrationRate({ bandwidth: 52 * MiB, rttMs: 100, tcpWindow: 4 * MiB })).toBeCloseTo((40 * MiB) / 1000);
    expect(migrationRate({ bandwidth: 52 * MiB, rttMs: 2, tcpWindow: 4 * MiB })).toBeCloseTo((52 * MiB) / 1000);
    const far = planMigration(input({ rttMs: 100, dirtyRate: 0 }));
    expect(far.durationMs).toBe(2_000 + Math.ceil((4096 / 40) * 1000));
  });
});
