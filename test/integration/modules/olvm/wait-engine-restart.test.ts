/**
 * A self-hosted engine that dies with the primary site and is back (restarted on the other site) before the wait
 * sees it answer. Whether the engine came back between the wait's plan and its apply (its plan found the engine
 * silent; on the lab at a high speed the engine's restart, 341 s, fits in the plan's retries) or before the wait
 * began at all (the engine's restart and its HA restarts done: the plan finds every VM on the secondary site; found
 * at speed 600 and 1000, where they fit in the wall time of `runbook lab fail`, and a real engine does the same to a
 * wait that begins late), the wait counts the silence from the engine's last answer before the outage (what the
 * engine saw of the site is lost with it) and times every VM from there, an upper bound; never from the restarted
 * engine's later report of the loss.
 */
import { FAST, startSelfHostedModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab, ModuleLabOptions, ModuleRun } from '../../../helpers/olvm-modules';
import { testModule } from '../../../helpers/engine';

/** Past the engine's return after a power cut (docs/drills.md: the API answers again 341 s after it). */
const PAST_ENGINE_RETURN_MS = 400_000;
/** Past the engine's return and the HA restarts it then makes (docs/drills.md). */
const PAST_HA_RESTARTS_MS = 15 * 60_000;
/** The engine's own restart after the power cut, which nothing saw. */
const ENGINE_BACK_MS = 341_000;

interface WaitResult {
  engine_gaps?: Array<{ from: number; to: number; is_restart?: true }>;
  vms: Array<{ name: string; left_at: number; left_by: string; recovery_ms: number; status: string }>;
}

/** A self-hosted module lab and an outage step: the primary site loses power, then `afterCut` (the clock moved). */
function outageLab(options: Omit<ModuleLabOptions, 'inventory'> = {}) {
  const state: { env?: ModuleLab; cutAt?: number } = {};
  beforeAll(async () => {
    state.env = await startSelfHostedModuleLab(options);
  });
  afterAll(() => state.env?.close());
  const run = (afterCut: (env: ModuleLab) => void = () => undefined): Promise<ModuleRun> => {
    const env = state.env!;
    const outage = testModule('test.outage', {
      apply: async () => {
        state.cutAt = env.lab.clock.now();
        env.lab.world.powerOff('primary');
        await env.lab.apiSettled();
        afterCut(env);
        await env.lab.apiSettled();
        return {};
      },
    });
    return env.run(
      [
        { id: 'before', module: 'olvm.facts', args: {} },
        { id: 'outage', module: 'test.outage', args: {} },
        { id: 'failover-vms', module: 'olvm.wait', args: { condition: 'vms_on_site', site: 'secondary', ...FAST } },
      ],
      { modules: { 'test.outage': outage } }
    );
  };
  return { state, run };
}

/** One silence, from the engine's last answer before the cut, and every VM recovered and timed from it. */
function expectTimedFromSilence(run: ModuleRun, cutAt: number, recoveryAbove: number): void {
  const result = run.sink.ofType('task.finished')[2]!.result as unknown as WaitResult;
  expect(result.engine_gaps).toHaveLength(1);
  const gap = result.engine_gaps![0]!;
  expect(gap.is_restart).toBe(true);
  // The silence starts at the engine's last answer (a whole second of its Date header) before the power cut.
  expect(gap.from).toBeLessThanOrEqual(cutAt);
  expect(gap.from).toBeGreaterThan(cutAt - 60_000);
  expect(result.vms.length).toBeGreaterThan(0);
  for (const vm of result.vms) {
    expect({ name: vm.name, status: vm.status, left_at: vm.left_at, left_by: vm.left_by }).toEqual({
      name: vm.name,
      status: 'recovered',
      left_at: gap.from,
      left_by: 'polling',
    });
    // At least the engine's own restart, which nothing saw.
    expect(vm.recovery_ms).toBeGreaterThan(recoveryAbove);
  }
}

describe('olvm.wait when a self-hosted engine died and came back between its plan and its apply', () => {
  let isBackMoved = false;
  const lab = outageLab({
    onRequest: (info) => {
      // The first request the dead engine refuses moves its clock past its restart, once.
      const { env, cutAt } = lab.state;
      if (info.status !== 0 || cutAt === undefined || isBackMoved) return;
      isBackMoved = true;
      env!.lab.clock.advance(cutAt + PAST_ENGINE_RETURN_MS - env!.lab.clock.now());
    },
  });

  it('counts the silence from the last answer before the wait and times each VM from it', async () => {
    const run = await lab.run();
    expect(isBackMoved).toBe(true);
    expect(run.sink.finished()).toEqual(['before: ok', 'outage: changed', 'failover-vms: changed']);
    expectTimedFromSilence(run, lab.state.cutAt!, PAST_ENGINE_RETURN_MS - 60_000);
  });
});

describe('olvm.wait when a self-hosted engine died, came back and restarted the VMs before the wait', () => {
  const lab = outageLab();

  it('counts the silence from the last answer before the outage and times each VM from it', async () => {
    const run = await lab.run((env) => env.lab.clock.advance(PAST_HA_RESTARTS_MS));
    // Every VM is already on the secondary site when the wait plans: nothing to wait for.
    expect(run.sink.finished()).toEqual(['before: ok', 'outage: changed', 'failover-vms: ok']);
    expectTimedFromSilence(run, lab.state.cutAt!, ENGINE_BACK_MS);
  });
});
