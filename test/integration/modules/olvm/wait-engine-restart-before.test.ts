/**
 * A self-hosted engine that died with the primary site, restarted on the other site and restarted the HA VMs there,
 * all before the wait began: its plan finds every VM already on the secondary site. The wait must still see that the
 * engine restarted since its last answer (its VM started after it), count that silence, and time every VM from the
 * engine's last answer before the outage (an upper bound), never from the restarted engine's own report of the loss.
 * Found on the lab at speed 600 and 1000, where the engine's restart and the HA restarts (about 7 engine minutes) fit
 * in the wall time of `runbook lab fail` itself: the drill reported 1m40s per VM instead of 7m+. A real engine does
 * the same to a wait that begins late (a drill resumed after its own machine stopped, a slow step before the wait).
 */
import { FAST, startSelfHostedModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';
import { testModule } from '../../../helpers/engine';

/** Past the engine's return after a power cut (341 s) and the HA restarts it then makes (docs/drills.md). */
const PAST_HA_RESTARTS_MS = 15 * 60_000;
/** The engine's own restart after the power cut, which nothing saw (docs/drills.md: its API answers 341 s after). */
const ENGINE_BACK_MS = 341_000;

describe('olvm.wait when a self-hosted engine died, came back and restarted the VMs before the wait', () => {
  let env: ModuleLab;
  beforeAll(async () => {
    env = await startSelfHostedModuleLab();
  });
  afterAll(() => env.close());

  it('counts the silence from the last answer before the outage and times each VM from it', async () => {
    let cutAt: number | undefined;
    const outage = testModule('test.outage_and_recovery', {
      apply: async () => {
        cutAt = env.lab.clock.now();
        env.lab.world.powerOff('primary');
        await env.lab.apiSettled();
        env.lab.clock.advance(PAST_HA_RESTARTS_MS);
        await env.lab.apiSettled();
        return {};
      },
    });
    const run = await env.run(
      [
        { id: 'before', module: 'olvm.facts', args: {} },
        { id: 'outage', module: 'test.outage_and_recovery', args: {} },
        { id: 'failover-vms', module: 'olvm.wait', args: { condition: 'vms_on_site', site: 'secondary', ...FAST } },
      ],
      { modules: { 'test.outage_and_recovery': outage } }
    );
    // Every VM is already on the secondary site when the wait plans: nothing to wait for.
    expect(run.sink.finished()).toEqual(['before: ok', 'outage: changed', 'failover-vms: ok']);
    const result = run.sink.ofType('task.finished')[2]!.result as {
      engine_gaps?: Array<{ from: number; to: number; is_restart?: true }>;
      vms: Array<{ name: string; left_at: number; left_by: string; recovery_ms: number; status: string }>;
    };
    expect(result.engine_gaps).toHaveLength(1);
    const gap = result.engine_gaps![0]!;
    expect(gap.is_restart).toBe(true);
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
      expect(vm.recovery_ms).toBeGreaterThan(ENGINE_BACK_MS);
    }
  });
});
