/**
 * `check.ha_readiness`: the cluster is configured for failover as the procedure asks. Every VM meant to fail
 * over (inventory `high_availability`, or `vms`) is highly available with a lease (a VM without one passes only
 * with a warning when every host of its home site has power management); the SPM priority of every primary host
 * is above that of every secondary host; no affinity group has an enforcing (hard) rule over those VMs; each site
 * has a soft VM-to-host group that holds its VMs (failback depends on it); every host of both sites is up.
 */
import { SITE_ROLES } from '../../inventory/types';
import { HostStatus } from '../../olvm/types';
import type { Host, Vm } from '../../olvm/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import { OlvmModuleError } from '../olvm/errors';
import { NAME_SET_SCHEMA, selectVms } from '../olvm/select';
import type { NameSet } from '../olvm/select';
import { planSnapshot } from '../olvm/snapshot';
import type { EngineSnapshot } from '../olvm/snapshot';
import { hardAffinityProblems, siteAffinity, softAffinityProblems } from './affinity-rules';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';

const NAME = 'check.ha_readiness';

export interface CheckHaReadinessArgs {
  /** The VMs that must fail over (default: the inventory VMs with high_availability). */
  vms?: NameSet;
}

function siteHosts(ctx: ModuleContext, hosts: readonly Host[], role: 'primary' | 'secondary'): Host[] {
  return hosts.filter((h) => ctx.inventory.hosts[h.name]?.site === role);
}

function vmProblems(ctx: ModuleContext, vms: readonly Vm[], hosts: readonly Host[]): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const vm of vms) {
    if (!vm.highAvailability.isEnabled) {
      problems.push({ text: `VM ${vm.name} is not highly available`, reason: Procedure.HA_VMS });
      continue;
    }
    if (vm.lease !== undefined) continue;
    const home = ctx.inventory.vms.find((v) => v.name === vm.name)?.site;
    const homeHosts = home !== undefined ? siteHosts(ctx, hosts, home) : [];
    const isFenced = homeHosts.length > 0 && homeHosts.every((h) => h.powerManagement?.isEnabled === true);
    if (isFenced) ctx.warn(`VM ${vm.name} has no lease; it relies on the power management of the ${home ?? '?'} hosts`);
    else
      problems.push({
        text: `VM ${vm.name} has no lease and its site's hosts have no power management`,
        reason: Procedure.LEASE,
      });
  }
  return problems;
}

function spmProblems(ctx: ModuleContext, hosts: readonly Host[]) {
  const primary = siteHosts(ctx, hosts, 'primary');
  const secondary = siteHosts(ctx, hosts, 'secondary');
  const lowest = primary.reduce<Host | undefined>(
    (low, h) => (low && low.spm.priority <= h.spm.priority ? low : h),
    undefined
  );
  const highest = secondary.reduce<Host | undefined>(
    (top, h) => (top && top.spm.priority >= h.spm.priority ? top : h),
    undefined
  );
  const problems: CheckProblem[] = [];
  if (lowest !== undefined && highest !== undefined && lowest.spm.priority <= highest.spm.priority) {
    problems.push({
      text:
        `the SPM priority is not higher on every primary host: ${lowest.name} has ${lowest.spm.priority}, ` +
        `${highest.name} (secondary) has ${highest.spm.priority}`,
      reason: Procedure.SPM,
    });
  }
  return { problems, primaryMin: lowest?.spm.priority ?? null, secondaryMax: highest?.spm.priority ?? null };
}

/** Every inventory host of both sites in the engine and up: a drill measures from a cluster at rest. */
function hostProblems(ctx: ModuleContext, hosts: readonly Host[]): CheckProblem[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  return SITE_ROLES.flatMap((role) =>
    ctx.inventory.sites[role].hosts.flatMap((name): CheckProblem[] => {
      const status = byName.get(name)?.status;
      if (status === HostStatus.UP) return [];
      const what =
        status === undefined ? 'is not in the engine (run the install, which adds it)' : `is ${status}, not up`;
      return [{ text: `host ${name} of the ${role} site ${what}`, reason: Procedure.CAPACITY }];
    })
  );
}

async function failoverVms(ctx: ModuleContext, snapshot: EngineSnapshot, set: NameSet | undefined): Promise<Vm[]> {
  const all = await snapshot.vms();
  const names =
    set === undefined
      ? ctx.inventory.vms.filter((v) => v.highAvailability).map((v) => v.name)
      : selectVms(
          NAME,
          ctx,
          'vms',
          set,
          all.map((v) => v.name)
        );
  const byName = new Map(all.map((vm) => [vm.name, vm]));
  const missing = names.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new OlvmModuleError(NAME, ctx, `VMs not in the engine: ${missing.join(', ')}`);
  return names.map((name) => byName.get(name) as Vm);
}

export const checkHaReadiness: StepModule<CheckHaReadinessArgs> = {
  name: NAME,
  isReadOnly: true,
  description:
    'Every host up; VMs HA with leases; SPM priority higher on the primary site; soft (never hard) site affinity.',
  schema: {
    type: 'object',
    properties: {
      vms: { ...NAME_SET_SCHEMA, description: 'The VMs that must fail over (default: inventory HA VMs).' },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const client = await engineOf(ctx);
    const snapshot = planSnapshot(ctx, client);
    const cluster = await snapshot.cluster(ctx.inventory.cluster.name);
    if (cluster === undefined)
      throw new OlvmModuleError(NAME, ctx, `no cluster "${ctx.inventory.cluster.name}" in the engine`);
    const [hosts, vms, groups, allVms] = await Promise.all([
      snapshot.hosts(),
      failoverVms(ctx, snapshot, args.vms),
      snapshot.affinityGroups(cluster.id),
      snapshot.vms(),
    ]);
    const spm = spmProblems(ctx, hosts);
    const names = new Map(vms.map((vm) => [vm.id, vm.name]));
    const sites = siteAffinity(ctx.inventory, groups, hosts, allVms);
    const problems = [
      ...hostProblems(ctx, hosts),
      ...vmProblems(ctx, vms, hosts),
      ...spm.problems,
      ...hardAffinityProblems(groups, new Set(names.keys()), names),
      ...softAffinityProblems(sites),
    ];
    return planNone(
      verdict(NAME, ctx, problems, {
        vms: vms.map((vm) => ({
          name: vm.name,
          high_availability: vm.highAvailability.isEnabled,
          has_lease: vm.lease !== undefined,
        })),
        spm_priority: { primary_min: spm.primaryMin, secondary_max: spm.secondaryMax },
        affinity_groups: groups.map((g) => ({
          name: g.name,
          hosts_rule_enforcing: g.hostsRule.isEnabled && g.hostsRule.isEnforcing,
        })),
        site_affinity: Object.fromEntries(sites.map((s) => [s.site, s.groups])),
      })
    );
  },
  apply() {
    return Promise.resolve({});
  },
};
