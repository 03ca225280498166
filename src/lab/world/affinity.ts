/**
 * Affinity rule evaluation (ENGINE scheduling policy units, ovirt-api.md §5.4): VM-to-host and VM-to-VM rules,
 * hard (enforcing: a filter) or soft (a weight).
 */
import type { AffinityGroupRecord, VmRecord } from './model';
import type { World } from './world';

export function groupsOfVm(world: World, vmId: string): AffinityGroupRecord[] {
  return world.state.affinityGroups.filter((g) => g.vmIds.includes(vmId));
}

/** Whether running on `hostId` satisfies the group's VM-to-host rule (true when the rule is disabled). */
export function satisfiesHostRule(group: AffinityGroupRecord, hostId: string): boolean {
  if (!group.hostsRule.enabled) return true;
  const isMember = group.hostIds.includes(hostId);
  return group.hostsRule.positive ? isMember : !isMember;
}

/** Whether running on `hostId` satisfies the group's VM-to-VM rule, given where the other members run. */
export function satisfiesVmRule(world: World, group: AffinityGroupRecord, vm: VmRecord, hostId: string): boolean {
  if (!group.vmsRule.enabled) return true;
  const otherHosts = group.vmIds
    .filter((id) => id !== vm.id)
    .map((id) => world.vm(id)?.hostId)
    .filter((id): id is string => id !== undefined);
  if (group.vmsRule.positive) return otherHosts.every((id) => id === hostId);
  return !otherHosts.includes(hostId);
}

export interface AffinityScore {
  /** Sum of the priorities of the soft VM-to-host groups broken on that host. */
  softHost: number;
  /** Sum of the priorities of the soft VM-to-VM groups broken on that host. */
  softVm: number;
}

export function scoreSoftAffinity(world: World, vm: VmRecord, hostId: string): AffinityScore {
  const score: AffinityScore = { softHost: 0, softVm: 0 };
  for (const group of groupsOfVm(world, vm.id)) {
    if (group.hostsRule.enabled && !group.hostsRule.enforcing && !satisfiesHostRule(group, hostId)) {
      score.softHost += group.priority;
    }
    if (group.vmsRule.enabled && !group.vmsRule.enforcing && !satisfiesVmRule(world, group, vm, hostId)) {
      score.softVm += group.priority;
    }
  }
  return score;
}

/** Negative when `a` is better (breaks less soft affinity) than `b`. */
export function compareScores(a: AffinityScore, b: AffinityScore): number {
  return a.softHost - b.softHost || a.softVm - b.softVm;
}

export function hardHostViolation(world: World, vm: VmRecord, hostId: string): AffinityGroupRecord | undefined {
  return groupsOfVm(world, vm.id).find((g) => g.hostsRule.enforcing && !satisfiesHostRule(g, hostId));
}

export function hardVmViolation(world: World, vm: VmRecord, hostId: string): AffinityGroupRecord | undefined {
  return groupsOfVm(world, vm.id).find((g) => g.vmsRule.enforcing && !satisfiesVmRule(world, g, vm, hostId));
}

/** Whether any group exists that is broken by the VMs' current placement (the API's `broken`). */
export function isGroupBroken(world: World, group: AffinityGroupRecord): boolean {
  return group.vmIds.some((vmId) => {
    const vm = world.vm(vmId);
    if (vm?.hostId === undefined) return false;
    return !satisfiesHostRule(group, vm.hostId) || !satisfiesVmRule(world, group, vm, vm.hostId);
  });
}
