import type { ModuleContext } from '../../../src/modules/types';
import { makeHost, makeInventory } from '../../helpers/inventory';
import { runEngine, testModule } from '../../helpers/engine';

const NAMES = Array.from({ length: 8 }, (_, i) => `kvm-${i + 1}`);
const INVENTORY = makeInventory({
  hosts: Object.fromEntries(NAMES.map((name) => [name, makeHost(name, 'primary')])),
  groups: { kvm: NAMES },
});

/**
 * Counts how many tasks work (hold a fork) and how many wait at once. A wait lasts until `expected` tasks have
 * waited together (after that, every wait ends at once), so the peaks do not depend on timing. The 10 s deadline
 * only ends a wait the engine never lets the others join (a broken bound: the peak then falls short).
 */
function waitingModule(expected: number) {
  const peak = { working: 0, waiting: 0 };
  let working = 0;
  let waiting = 0;
  const work = async (): Promise<void> => {
    working += 1;
    peak.working = Math.max(peak.working, working);
    await new Promise((resolve) => setTimeout(resolve, 5));
    working -= 1;
  };
  const module = testModule('waiter', {
    apply: async (ctx: ModuleContext) => {
      await work(); // e.g. the write that starts a host install
      await ctx.waiting(async () => {
        waiting += 1;
        peak.waiting = Math.max(peak.waiting, waiting);
        const started = Date.now();
        while (peak.waiting < expected && Date.now() - started < 10_000) {
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        waiting -= 1;
      });
      await work(); // what follows the wait
      return {};
    },
  });
  return { module, peak };
}

describe('forks and waits', () => {
  it('lets every target of a step wait together: a waiting task lends its fork to the next target', async () => {
    const { module, peak } = waitingModule(8);
    const { summary } = await runEngine({
      forks: 2,
      inventory: INVENTORY,
      steps: [{ id: 'install', module: 'waiter', hosts: 'group:kvm' }],
      modules: { waiter: module },
    });
    expect(summary.counts.changed).toBe(8);
    expect(peak).toEqual({ working: 2, waiting: 8 });
  });

  it('waits within the run-wide wait bound (--waits)', async () => {
    const { module, peak } = waitingModule(3);
    await runEngine({
      forks: 2,
      waits: 3,
      inventory: INVENTORY,
      steps: [{ id: 'install', module: 'waiter', hosts: 'group:kvm' }],
      modules: { waiter: module },
    });
    expect(peak).toEqual({ working: 2, waiting: 3 });
  });

  it("keeps a step's own parallel whole: its tasks keep their slot while they wait", async () => {
    const { module, peak } = waitingModule(1);
    await runEngine({
      forks: 10,
      inventory: INVENTORY,
      steps: [{ id: 'rolling', module: 'waiter', hosts: 'group:kvm', parallel: 1 }],
      modules: { waiter: module },
    });
    expect(peak).toEqual({ working: 1, waiting: 1 });
  });

  it('holds one slot for nested waits, and gives the fork back when a wait fails', async () => {
    let inner = 0;
    const module = testModule('nested', {
      apply: async (ctx: ModuleContext) => {
        await ctx.waiting(() => ctx.waiting(() => Promise.resolve(void (inner += 1))));
        await ctx.waiting(() => Promise.reject(new Error(`gave up on ${ctx.target?.name ?? '?'}`)));
        return {};
      },
    });
    const { summary } = await runEngine({
      forks: 1,
      waits: 1,
      inventory: INVENTORY,
      steps: [{ id: 'nested', module: 'nested', hosts: 'group:kvm', ignoreErrors: true }],
      modules: { nested: module },
    });
    expect(inner).toBe(8);
    expect(summary.counts.failed).toBe(8);
  });
});
