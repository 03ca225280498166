/**
 * `olvm.engine_vm`: the self-hosted engine VM runs on a hosted-engine host of a site, migrated there through the
 * API when it is not. After a failback nothing else brings it home: the ovirt-ha-agents keep it where it runs while
 * that host's score holds, and the engine's affinity enforcer skips it (ENGINE
 * `bll/scheduling/arem/AffinityRulesEnforcer.java` l.374 @ 0111fc63036). The engine migrates it like any VM to a
 * named host (`MigrateVmToServerCommand`) through its scheduler, whose hosted-engine filter
 * (`bll/scheduling/policyunits/HostedEngineHAClusterFilterPolicyUnit.java` l.43-93 @ 0111fc63036) takes only
 * hosted-engine hosts with a positive agent score above the current host's less 800: the step picks such a host of
 * the site (the highest score, then by name) and waits until the VM runs there. A standalone engine has no engine
 * VM: nothing to do, and the step says so.
 */
import type { SiteRole } from '../../inventory/types';
import { HostStatus, VmStatus } from '../../olvm/types';
import type { Host, OlvmClient, Vm } from '../../olvm/types';
import { waitFor } from '../../olvm/wait';
import type { Change, ModuleContext, StepModule } from '../types';
import { planChanges, planNone, planUnknown } from '../types';
import { DURATION_SCHEMA, POLL_ARG_SCHEMA, SITE_ARG_SCHEMA, durationArg, siteArg, siteOfHost } from './args';
import { engineOf } from './engine-access';
import { OlvmModuleError } from './errors';
import { isEngineVm } from './wait-site';
import { WaitVoice } from './wait-voice';
import { WriteLog } from './write';

const NAME = 'olvm.engine_vm';

/** HostedEngineHAClusterFilterPolicyUnit.MIGRATION_THRESHOLD_SCORE: a target must beat the current score less it. */
const MIGRATION_THRESHOLD_SCORE = 800;

export interface OlvmEngineVmArgs {
  site: string;
  /** The hosted-engine host to migrate to (default: the best of the site). */
  host?: string;
  timeout?: string | number;
  poll?: string | number;
}

interface EngineVmPlanData {
  vm: { id: string; name: string };
  role: SiteRole;
  from: string;
  to: { id: string; name: string };
}

function scoreOf(host: Host | undefined): number {
  return host?.hostedEngine?.isConfigured === true ? host.hostedEngine.score : 0;
}

/** The hosts of the site the engine's hosted-engine filter would let the VM migrate to, best first. */
function eligibleHosts(ctx: ModuleContext, hosts: readonly Host[], role: SiteRole, current: Host | undefined) {
  const floor = Math.max(scoreOf(current) - MIGRATION_THRESHOLD_SCORE, 0);
  return hosts
    .filter((h) => siteOfHost(ctx.inventory, h.name) === role && h.status === HostStatus.UP)
    .filter((h) => h.hostedEngine?.isConfigured === true && scoreOf(h) > floor)
    .sort((a, b) => scoreOf(b) - scoreOf(a) || a.name.localeCompare(b.name));
}

function describeHosts(ctx: ModuleContext, hosts: readonly Host[], role: SiteRole): string {
  const onSite = hosts.filter((h) => siteOfHost(ctx.inventory, h.name) === role);
  const seen = onSite.map((h) =>
    h.hostedEngine?.isConfigured === true ? `${h.name} ${h.status}, score ${scoreOf(h)}` : `${h.name} not deployed`
  );
  return seen.length > 0 ? seen.join('; ') : 'none of its hosts is in the engine';
}

function chooseTarget(ctx: ModuleContext, hosts: readonly Host[], role: SiteRole, vm: Vm, wanted?: string) {
  const current = hosts.find((h) => h.id === vm.host?.id);
  const eligible = eligibleHosts(ctx, hosts, role, current);
  const chosen = wanted === undefined ? eligible[0] : eligible.find((h) => h.name === wanted);
  if (chosen !== undefined) return chosen;
  const which = wanted === undefined ? `no hosted-engine host of site ${role}` : `host ${wanted}`;
  return (
    `${which} can take the engine VM ${vm.name} (up, hosted-engine deployed, a score above ` +
    `${Math.max(scoreOf(current) - MIGRATION_THRESHOLD_SCORE, 0)}): ${describeHosts(ctx, hosts, role)}`
  );
}

/** Polls the engine VM until it runs on a host of the site; fails when it is up again elsewhere after moving. */
async function waitOnSite(ctx: ModuleContext, client: OlvmClient, data: EngineVmPlanData, args: OlvmEngineVmArgs) {
  const hostNames = new Map((await client.hosts.list({ signal: ctx.signal })).map((h) => [h.id, h.name]));
  let last = 'not read yet';
  let hasMoved = false;
  const voice = new WaitVoice(ctx, client.clock, () => `${last}; waiting for it on ${data.to.name}`);
  return waitFor(
    async () => {
      const vm = await client.vms.get(data.vm.id, { signal: ctx.signal });
      const host = vm.host === undefined ? undefined : (hostNames.get(vm.host.id) ?? vm.host.id);
      last = `${vm.name} ${vm.status}${host === undefined ? '' : ` on ${host}`}`;
      hasMoved ||= vm.status !== VmStatus.UP;
      const isUp = vm.status === VmStatus.UP && host !== undefined;
      if (isUp && siteOfHost(ctx.inventory, host) === data.role) return host;
      if (isUp && hasMoved) {
        throw new OlvmModuleError(
          NAME,
          ctx,
          `the migration of ${vm.name} to ${data.to.name} failed: it runs on ${host}`
        );
      }
      return undefined;
    },
    {
      timeoutMs: durationArg(NAME, ctx, 'timeout', args.timeout, 30 * 60_000),
      intervalMs: durationArg(NAME, ctx, 'poll', args.poll, 3_000),
      maxIntervalMs: durationArg(NAME, ctx, 'poll', args.poll, 3_000),
      signal: ctx.signal,
      description: `the engine VM ${data.vm.name} on site ${data.role}`,
      clock: client.clock,
      onPoll: voice.onPoll,
    },
    () => last
  );
}

export const olvmEngineVm: StepModule<OlvmEngineVmArgs, EngineVmPlanData> = {
  name: NAME,
  description: 'The self-hosted engine VM runs on a hosted-engine host of a site (migrated there when it is not).',
  schema: {
    type: 'object',
    properties: {
      site: SITE_ARG_SCHEMA,
      host: { type: 'string', minLength: 1, description: 'The hosted-engine host to migrate to (default: the best).' },
      timeout: { ...DURATION_SCHEMA, description: 'How long to wait for the migration (default 30m).' },
      poll: POLL_ARG_SCHEMA,
    },
    required: ['site'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const role = siteArg(NAME, ctx, args.site);
    const client = await engineOf(ctx);
    const [vms, hosts] = await Promise.all([
      client.vms.list({ signal: ctx.signal }),
      client.hosts.list({ allContent: true, signal: ctx.signal }),
    ]);
    const vm = vms.find(isEngineVm);
    if (vm === undefined) {
      ctx.output('no hosted-engine VM in the engine (a standalone engine): nothing to move');
      return planNone({ name: null, host: null, site: null });
    }
    const current = hosts.find((h) => h.id === vm.host?.id);
    const currentSite = siteOfHost(ctx.inventory, current?.name) ?? null;
    const where = { name: vm.name, host: current?.name ?? null, site: currentSite };
    if (vm.status === VmStatus.UP && currentSite === role) {
      ctx.output(`${vm.name} runs on ${current?.name} (site ${role})`);
      return planNone(where);
    }
    if (vm.status !== VmStatus.UP || current === undefined) {
      const why = `the engine VM ${vm.name} is ${vm.status}${current ? ` on ${current.name}` : ''}, not up`;
      if (ctx.isDryRun) return planUnknown(`${why} yet`);
      throw new OlvmModuleError(NAME, ctx, `${why}: it cannot be migrated`);
    }
    const target = chooseTarget(ctx, hosts, role, vm, args.host);
    if (typeof target === 'string') {
      if (ctx.isDryRun) return planUnknown(`${target} yet`);
      throw new OlvmModuleError(NAME, ctx, target);
    }
    const note = `would migrate ${vm.name} from ${current.name} (site ${currentSite ?? 'none'}) to ${target.name}`;
    const data = {
      vm: { id: vm.id, name: vm.name },
      role,
      from: current.name,
      to: { id: target.id, name: target.name },
    };
    return planChanges([{ path: 'engine_vm.host', from: current.name, to: target.name, note }], data);
  },
  async apply(ctx, args, plan) {
    const data = plan.data;
    if (data === undefined) return {};
    const client = await engineOf(ctx);
    const log = new WriteLog(ctx);
    const host = await ctx.waiting(async () => {
      await log.write({
        operation: `migration of VM ${data.vm.name} to host ${data.to.name}`,
        send: (correlationId) =>
          client.vms.migrate(data.vm.id, { host: { id: data.to.id }, correlationId, signal: ctx.signal }),
        isApplied: async () => {
          const vm = await client.vms.get(data.vm.id);
          return vm.status !== VmStatus.UP || vm.host?.id === data.to.id;
        },
      });
      return waitOnSite(ctx, client, data, args);
    });
    const movedAt = client.clock.now();
    const note = `migrated ${data.vm.name} from ${data.from} to ${host}`;
    ctx.output(`${note} (site ${data.role})`);
    const change: Change = { path: 'engine_vm.host', from: data.from, to: host, note };
    return {
      result: { name: data.vm.name, host, site: data.role, from_host: data.from, moved_at: movedAt },
      changes: [change],
      correlationIds: log.correlationIds,
    };
  },
};
