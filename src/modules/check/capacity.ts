/**
 * `check.capacity`: the site that takes over (default the secondary) has the memory for every VM that runs there
 * after a failover: the HA VMs of the other site plus the VMs at home there (and the hosted-engine VM), and its
 * largest host can hold the largest of them.
 */
import { SITE_ROLES } from '../../inventory/types';
import type { SiteRole } from '../../inventory/types';
import type { Host, Vm } from '../../olvm/types';
import { formatBytes } from '../../shared/bytes';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import { siteArg } from '../olvm/args';
import { planSnapshot } from '../olvm/snapshot';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';

const NAME = 'check.capacity';

export interface CheckCapacityArgs {
  /** The site that takes over (default: secondary). */
  site?: string;
}

interface Load {
  name: string;
  memory: number;
  why: 'fails over' | 'at home' | 'hosted engine';
}

function loadOf(ctx: ModuleContext, vms: readonly Vm[], role: SiteRole): Load[] {
  const byName = new Map(vms.map((vm) => [vm.name, vm]));
  const loads: Load[] = ctx.inventory.vms
    .filter((entry) => entry.site === role || entry.highAvailability)
    .map((entry) => ({
      name: entry.name,
      memory: byName.get(entry.name)?.memory ?? entry.memory,
      why: entry.site === role ? ('at home' as const) : ('fails over' as const),
    }));
  const engineVm = vms.find((vm) => vm.origin === 'managed_hosted_engine' || vm.origin === 'hosted_engine');
  if (ctx.inventory.engine.kind === 'self-hosted' && engineVm?.memory !== undefined) {
    loads.push({ name: engineVm.name, memory: engineVm.memory, why: 'hosted engine' });
  }
  return loads;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function problemsOf(role: SiteRole, hosts: readonly Host[], loads: readonly Load[]): CheckProblem[] {
  const available = sum(hosts.map((h) => h.memory ?? 0));
  const needed = sum(loads.map((l) => l.memory));
  const problems: CheckProblem[] = [];
  if (needed > available) {
    const parts = (['fails over', 'at home', 'hosted engine'] as const)
      .map((why) => [why, loads.filter((l) => l.why === why)] as const)
      .filter(([, list]) => list.length > 0)
      .map(([why, list]) => `${list.length} ${why}: ${formatBytes(sum(list.map((l) => l.memory)))}`);
    problems.push({
      text:
        `the ${role} site's ${hosts.length} hosts have ${formatBytes(available)} of memory for ` +
        `${formatBytes(needed)} of VMs that must run there after a failover (${parts.join('; ')})`,
      reason: Procedure.CAPACITY,
    });
  }
  const largestVm = [...loads].sort((a, b) => b.memory - a.memory)[0];
  const largestHost = Math.max(0, ...hosts.map((h) => h.memory ?? 0));
  if (largestVm !== undefined && largestVm.memory > largestHost) {
    problems.push({
      text: `VM ${largestVm.name} needs ${formatBytes(largestVm.memory)}, more than the largest ${role} host has (${formatBytes(largestHost)})`,
      reason: Procedure.CAPACITY,
    });
  }
  return problems;
}

export const checkCapacity: StepModule<CheckCapacityArgs> = {
  name: NAME,
  isReadOnly: true,
  description: "The taking-over site's memory holds every VM that fails over plus its own.",
  schema: {
    type: 'object',
    properties: {
      site: { type: 'string', minLength: 1, description: 'The site that takes over (default: secondary).' },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const role = args.site === undefined ? 'secondary' : siteArg(NAME, ctx, args.site);
    const snapshot = planSnapshot(ctx, await engineOf(ctx));
    const [hosts, vms] = await Promise.all([snapshot.hosts(), snapshot.vms()]);
    const siteHosts = hosts.filter((h) => ctx.inventory.hosts[h.name]?.site === role);
    const loads = loadOf(ctx, vms, role);
    const available = sum(siteHosts.map((h) => h.memory ?? 0));
    const needed = sum(loads.map((l) => l.memory));
    ctx.output(`${role}: ${formatBytes(available)} of host memory for ${formatBytes(needed)} of VMs`);
    return planNone(
      verdict(NAME, ctx, problemsOf(role, siteHosts, loads), {
        site: role,
        other_site: SITE_ROLES.find((r) => r !== role),
        hosts_memory: available,
        vms_memory: needed,
        free_memory: available - needed,
        vms: loads.map((l) => ({ name: l.name, memory: l.memory, why: l.why })),
      })
    );
  },
  apply() {
    return Promise.resolve({});
  },
};
