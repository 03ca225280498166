/**
 * What an installed stretch cluster at rest looks like in a lab's world (as the lab saved it), as a list of
 * violations: empty when all is well, so a failing e2e test says exactly what is wrong. At rest: every cluster
 * host up, SPM priority 8 on the primary site and 2 on the secondary, the SPM on a primary host, every inventory
 * VM up on a host of its home site, HA with a lease on its site's domain for each VM that fails over, and one
 * soft, positive VM-to-host affinity group per site holding exactly that site's VMs and hosts.
 */
import type { Inventory } from '../../src/inventory/types';
import { SITE_ROLES } from '../../src/inventory/types';
import type { WorldState } from '../../src/lab/world/model';

const SPM_PRIORITY = { primary: 8, secondary: 2 } as const;

function sameMembers(actual: ReadonlyArray<string | undefined>, expected: readonly string[]): boolean {
  return JSON.stringify([...actual].sort()) === JSON.stringify([...expected].sort());
}

function hostViolations(world: WorldState, inventory: Inventory): string[] {
  const problems: string[] = [];
  for (const role of SITE_ROLES) {
    for (const name of inventory.sites[role].hosts) {
      const host = world.hosts.find((h) => h.name === name);
      if (host === undefined) problems.push(`host ${name} is not in the engine`);
      else if (host.status !== 'up') problems.push(`host ${name} is ${host.status}, not up`);
      if (host !== undefined && host.spmPriority !== SPM_PRIORITY[role]) {
        problems.push(`host ${name} has SPM priority ${host.spmPriority}, not ${SPM_PRIORITY[role]}`);
      }
    }
  }
  const spm = world.hosts.find((host) => host.spmStatus === 'spm');
  if (spm?.site !== 'primary') problems.push(`the SPM is ${spm ? `${spm.name} (${spm.site ?? 'no site'})` : 'nobody'}`);
  return problems;
}

function vmViolations(world: WorldState, inventory: Inventory): string[] {
  const problems: string[] = [];
  for (const entry of inventory.vms) {
    const vm = world.vms.find((v) => v.name === entry.name);
    if (vm === undefined) {
      problems.push(`VM ${entry.name} is not in the engine`);
      continue;
    }
    const site = world.hosts.find((h) => h.id === vm.hostId)?.site;
    if (vm.status !== 'up' || site !== entry.site) {
      problems.push(`VM ${entry.name} is ${vm.status} on the ${site ?? 'no'} site; its home is ${entry.site}`);
    }
    if (!entry.highAvailability) continue;
    const lease = world.storageDomains.find((d) => d.id === vm.leaseStorageDomainId)?.name;
    if (!vm.haEnabled || lease !== entry.lease) {
      problems.push(`VM ${entry.name}: HA ${vm.haEnabled}, lease ${lease ?? 'none'} (wanted HA with ${entry.lease})`);
    }
  }
  return problems;
}

function affinityViolations(world: WorldState, inventory: Inventory): string[] {
  const problems: string[] = [];
  for (const role of SITE_ROLES) {
    const site = inventory.sites[role];
    const group = world.affinityGroups.find((g) => g.name === `${site.name}-affinity`);
    if (group === undefined) {
      problems.push(`no affinity group ${site.name}-affinity`);
      continue;
    }
    const { hostsRule } = group;
    if (!hostsRule.enabled || !hostsRule.positive || hostsRule.enforcing) {
      problems.push(`${group.name}: the VM-to-host rule is not soft and positive: ${JSON.stringify(hostsRule)}`);
    }
    const hosts = group.hostIds.map((id) => world.hosts.find((h) => h.id === id)?.name);
    if (!sameMembers(hosts, site.hosts)) problems.push(`${group.name}: hosts ${hosts.join(',')}`);
    const vms = group.vmIds.map((id) => world.vms.find((v) => v.id === id)?.name);
    const home = inventory.vms.filter((vm) => vm.site === role).map((vm) => vm.name);
    if (!sameMembers(vms, home)) problems.push(`${group.name}: VMs ${vms.join(',')}`);
  }
  return problems;
}

/** Every way the world differs from an installed stretch cluster at rest; [] when it is one. */
export function stretchViolations(world: WorldState, inventory: Inventory): string[] {
  return [
    ...hostViolations(world, inventory),
    ...vmViolations(world, inventory),
    ...affinityViolations(world, inventory),
  ];
}
