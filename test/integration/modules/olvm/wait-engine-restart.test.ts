/**
 * A self-hosted engine that dies with the primary site and is back (restarted on the other site) before the wait
 * applies: its plan found the engine silent, and by its first read in apply the engine answers again. The wait
 * still counts the silence from the engine's last answer before the wait (what the engine saw of the site is
 * lost with it), and times every VM from there, an upper bound; never from the restarted engine's later report.
 * On the lab at a high speed the engine's restart (341 s) fits in the plan's retries.
 */
import { FAST, startSelfHostedModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';
import { testModule } from '../../../helpers/engine';

/** Past the engine's return after a power cut (docs/drills.md: the API answers again 341 s after it). */
const PAST_ENGINE_RETURN_MS = 400_000;

describe('olvm.wait when a self-hosted engine died and came back between its plan and its apply', () => {
  let env: ModuleLab;
  let cutAt: number | undefined;
  let isBackMoved = false;
  beforeAll(async () => {
    env = await startSelfHostedModuleLab({
      onRequest: (info) => {
        // The first request the dead engine refuses moves its clock past its restart, once.
        if (info.status !== 0 || cutAt === undefined || isBackMoved) return;
        isBackMoved = true;
        env.lab.clock.advance(cutAt + PAST_ENGINE_RETURN_MS - env.lab.clock.now());
      },
    });
  });
  afterAll(() => env.close());

  it('counts the silence from the last answer before the wait and times each VM from it', async () => {
    const powerOff = testModule('test.power_off', {
      apply: async () => {
        cutAt = env.lab.clock.now();
        env.lab.world.powerOff('primary');
        await env.lab.apiSettled();
        return {};
      },
    });
    const run = await env.run(
      [
        { id: 'before', module: 'olvm.facts', args: {} },
        { id: 'outage', module: 'test.power_off', args: {} },
        { id: 'failover-vms', module: 'olvm.wait', args: { condition: 'vms_on_site', site: 'secondary', ...FAST } },
      ],
      { modules: { 'test.power_off': powerOff } }
    );
    expect(isBackMoved).toBe(true);
    expect(run.sink.finished()).toEqual(['before: ok', 'outage: changed', 'failover-vms: changed']);
    const result = run.sink.ofType('task.finished')[2]!.result as {
      engine_gaps: Array<{ from: number; to: number; is_restart?: true }>;
      vms: Array<{ name: string; left_at: number; left_by: string; recovery_ms: number; status: string }>;
    };
    expect(result.engine_gaps).toHaveLength(1);
    const gap = result.engine_gaps[0]!;
    expect(gap.is_restart).toBe(true);
    // The silence starts at the engine's last answer (a whole second of its Date header) before the power cut.
    expect(gap.from).toBeLessThanOrEqual(cutAt!);
    expect(gap.from).toBeGreaterThan(cutAt! - 60_000);
    expect(result.vms.length).toBeGreaterThan(0);
    for (const vm of result.vms) {
      expect({ name: vm.name, status: vm.status, left_at: vm.left_at, left_by: vm.left_by }).toEqual({
        name: vm.name,
        status: 'recovered',
        left_at: gap.from,
        left_by: 'polling',
      });
      // At least the engine's own restart, which nothing saw.
      expect(vm.recovery_ms).toBeGreaterThan(PAST_ENGINE_RETURN_MS - 60_000);
    }
  });
});
