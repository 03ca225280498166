/** Module tests against a real sshd: a fixture, a pool per mode, and a module context wired to it. */
import type { HostEntry } from '../../src/inventory/types';
import type { ModuleContext, Plan, StepModule } from '../../src/modules/types';
import { createSshPool } from '../../src/ssh';
import type { SshPool } from '../../src/ssh';
import type { TestModuleContext } from './module-context';
import { makeModuleContext } from './module-context';
import type { SshFixture } from './ssh-fixture';

export interface SshModuleHarness {
  context(options?: { isDryRun?: boolean; host?: HostEntry; stepId?: string; baseDir?: string }): TestModuleContext;
  /** plan, then apply when the plan has changes (what the engine does); returns both. */
  run<A, D>(
    module: StepModule<A, D>,
    args: A,
    options?: { isDryRun?: boolean; host?: HostEntry; baseDir?: string }
  ): Promise<RunOutcome<D>>;
  close(): Promise<void>;
}

export interface RunOutcome<D> {
  plan: Plan<D>;
  result: Record<string, unknown> | undefined;
  ctx: TestModuleContext;
}

export function sshModuleHarness(fixture: SshFixture): SshModuleHarness {
  const pools: Record<'live' | 'dry', SshPool> = {
    live: createSshPool(fixture.inventory(), { isDryRun: false }),
    dry: createSshPool(fixture.inventory(), { isDryRun: true }),
  };
  const context = (
    options: { isDryRun?: boolean; host?: HostEntry; stepId?: string; baseDir?: string } = {}
  ): TestModuleContext => {
    const pool = options.isDryRun ? pools.dry : pools.live;
    return makeModuleContext({
      target: options.host ?? fixture.host(0),
      isDryRun: options.isDryRun ?? false,
      ...(options.baseDir !== undefined ? { baseDir: options.baseDir } : {}),
      inventory: fixture.inventory(),
      ...(options.stepId !== undefined ? { stepId: options.stepId } : {}),
      services: { ssh: (host) => pool.session(host) },
    });
  };
  const run = async <A, D>(
    module: StepModule<A, D>,
    args: A,
    options: { isDryRun?: boolean; host?: HostEntry } = {}
  ) => {
    const ctx = context(options);
    const plan = await module.plan(ctx as ModuleContext, args);
    if (options.isDryRun || plan.status !== 'changes') return { plan, result: plan.result, ctx };
    const applied = await module.apply(ctx, args, plan);
    return { plan, result: applied.result, ctx };
  };
  return { context, run, close: async () => void (await Promise.all([pools.live.close(), pools.dry.close()])) };
}
