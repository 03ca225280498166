/**
 * The affinity part of `check.ha_readiness`: no enforcing (hard) rule over the VMs that fail over (the procedure's
 * warning), and, for each site, a soft positive VM-to-host group that keeps the site's VMs on its hosts: without it
 * the VMs stay on the other site after the failover (no failback) and nothing prefers their home site.
 */
import type { Inventory, SiteRole } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import type { AffinityGroup, Host, Vm } from '../../olvm/types';
import type { CheckProblem } from './errors';
import { Procedure } from './errors';

export function hardAffinityProblems(
  groups: readonly AffinityGroup[],
  vmIds: ReadonlySet<string>,
  names: Map<string, string>
): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const group of groups) {
    const members = group.vms.filter((ref) => vmIds.has(ref.id)).map((ref) => names.get(ref.id) ?? ref.id);
    if (members.length === 0) continue;
    for (const [rule, what] of [
      [group.hostsRule, 'VM-to-host'],
      [group.vmsRule, 'VM'],
    ] as const) {
      if (rule.isEnabled && rule.isEnforcing) {
        problems.push({
          text: `affinity group ${group.name} has an enforcing (hard) ${what} rule over ${members.join(', ')}`,
          reason: Procedure.HARD_AFFINITY,
        });
      }
    }
  }
  return problems;
}

export interface SiteAffinity {
  site: SiteRole;
  /** The soft groups that keep the site's VMs on its hosts. */
  groups: string[];
  /** The site's VMs no such group holds. */
  missing: string[];
}

/** A positive VM-to-host group (enabled) whose hosts are all of `role`'s site. */
function isSiteGroup(group: AffinityGroup, siteHostIds: ReadonlySet<string>): boolean {
  const rule = group.hostsRule;
  return rule.isEnabled && rule.isPositive && group.hosts.length > 0 && group.hosts.every((h) => siteHostIds.has(h.id));
}

export function siteAffinity(
  inventory: Inventory,
  groups: readonly AffinityGroup[],
  hosts: readonly Host[],
  vms: readonly Vm[]
): SiteAffinity[] {
  const vmByName = new Map(vms.map((vm) => [vm.name, vm]));
  return SITE_ROLES.map((site) => {
    const siteHostIds = new Set(hosts.filter((h) => inventory.hosts[h.name]?.site === site).map((h) => h.id));
    const soft = groups.filter((g) => isSiteGroup(g, siteHostIds) && !g.hostsRule.isEnforcing);
    const held = new Set(soft.flatMap((g) => g.vms.map((ref) => ref.id)));
    const missing = inventory.vms
      .filter((entry) => entry.site === site && vmByName.has(entry.name))
      .filter((entry) => !held.has(vmByName.get(entry.name)!.id))
      .map((entry) => entry.name);
    return { site, groups: soft.map((g) => g.name), missing };
  });
}

export function softAffinityProblems(sites: readonly SiteAffinity[]): CheckProblem[] {
  return sites.flatMap((s): CheckProblem[] => {
    if (s.missing.length === 0) return [];
    const text =
      s.groups.length === 0
        ? `no soft VM-to-host affinity group keeps the ${s.site} site's VMs on its hosts (${s.missing.join(', ')}): ` +
          'after a failover they would not come home'
        : `the soft affinity group${s.groups.length === 1 ? '' : 's'} ${s.groups.join(', ')} of the ${s.site} site ` +
          `leave${s.groups.length === 1 ? 's' : ''} out ${s.missing.join(', ')}: after a failover ` +
          `${s.missing.length === 1 ? 'it' : 'they'} would not come home`;
    return [{ text, reason: Procedure.SOFT_AFFINITY }];
  });
}
