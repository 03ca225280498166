/**
 * Affinity rule evaluation (ENGINE scheduling policy units, ovirt-api.md §5.4): VM-to-host and VM-to-VM rules,
 * hard (enforcing: a filter) or soft (a weight).
 */
import type { AffinityGroupRecord, VmRecord } from './model';
import type { World } from './world';

interface MembershipCache {
  groups: readonly AffinityGroupRecord[];
  lists: readonly (readonly string[])[];
  byVm: Map<string, AffinityGroupRecord[]>;
}

const membership = new WeakMap<World, MembershipCache>();

/** VM id -> its groups; rebuilt when the group list or a member list was replaced (they are never edited in place). */
function membershipIndex(world: World): Map<string, AffinityGroupRecord[]> {
  const groups = world.state.affinityGroups;
  const cached = membership.get(world);
  const isFresh =
    cached !== undefined &&
    cached.groups === groups &&
    cached.lists.length === groups.length &&
    groups.every((g, i) => cached.lists[i] === g.vmIds);
  if (isFresh) return cached.byVm;
  const byVm = new Map<string, AffinityGroupRecord[]>();
  for (const group of groups) {
    for (const vmId of group.vmIds) byVm.set(vmId, [...(byVm.get(vmId) ?? []), group]);
  }
  membership.set(world, { groups, lists: groups.map((g) => g.vmIds), byVm });
  return byVm;
}

export function groupsOfVm(world: World, vmId: string): AffinityGroupRecord[] {
  return membershipIndex(world).get(vmId) ?? [];
}

const hostSets = new WeakMap<readonly string[], Set<string>>();

/** The group's hosts as a set (member lists are replaced, never edited in place, so the set follows the list). */
function hostSet(group: AffinityGroupRecord): Set<string> {
  let set = hostSets.get(group.hostIds);
  if (set === undefined) {
    set = new Set(group.hostIds);
    hostSets.set(group.hostIds, set);
  }
  return set;
}

/** Whether running on `hostId` satisfies the group's VM-to-host rule (true when the rule is disabled). */
export function satisfiesHostRule(group: AffinityGroupRecord, hostId: string): boolean {
  if (!group.hostsRule.enabled) return true;
  const isMember = hostSet(group).has(hostId);
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

/** Where a VM counts while the scheduler chooses: its migration's destination (a PendingVM), else its host. */
function scheduledHostOf(vm: VmRecord | undefined): string | undefined {
  return vm?.migratingToHostId ?? vm?.hostId;
}

/**
 * VmAffinityFilterPolicyUnit.getAcceptableHosts (BLL scheduling/policyunits l.74-200 @ 0111fc63): the other members
 * of a hard VM-to-VM group count where they run or are pending (members scheduled in the same call, `together`, do
 * not count); a positive group accepts the hosts they are on (any host when none runs), a negative one refuses them.
 */
function passesHardVmRule(world: World, group: AffinityGroupRecord, hostId: string, together: ReadonlySet<string>) {
  const others = group.vmIds
    .filter((id) => !together.has(id))
    .map((id) => scheduledHostOf(world.vm(id)))
    .filter((id): id is string => id !== undefined);
  if (group.vmsRule.positive) return others.length === 0 || others.includes(hostId);
  return !others.includes(hostId);
}

/** The first hard VM-to-VM group of `vm` that `hostId` fails, for VMs `together` scheduled at once. */
export function hardVmViolation(
  world: World,
  vm: VmRecord,
  hostId: string,
  together: ReadonlySet<string> = new Set([vm.id])
): AffinityGroupRecord | undefined {
  return groupsOfVm(world, vm.id).find(
    (g) => g.vmsRule.enabled && g.vmsRule.enforcing && !passesHardVmRule(world, g, hostId, together)
  );
}

/**
 * SchedulingManager.groupVms (l.701-759) over AffinityRulesUtils.getUnifiedPositiveAffinityGroups: the VMs of
 * `vms` that hard positive VM-to-VM groups tie together (overlapping groups unified) are scheduled as one, the groups
 * first, then each other VM alone; order kept from `vms` (the engine's set order is arbitrary).
 */
export function groupForScheduling(world: World, vms: readonly VmRecord[]): VmRecord[][] {
  const ids = new Set(vms.map((v) => v.id));
  const componentOf = new Map<string, Set<string>>();
  for (const group of world.state.affinityGroups) {
    if (!group.vmsRule.enabled || !group.vmsRule.enforcing || !group.vmsRule.positive) continue;
    const members = group.vmIds.filter((id) => ids.has(id));
    const merged = new Set(members.flatMap((id) => [...(componentOf.get(id) ?? [id])]));
    for (const id of merged) componentOf.set(id, merged);
  }
  const grouped = vms.filter((v) => (componentOf.get(v.id)?.size ?? 0) > 1);
  const seen = new Set<Set<string>>();
  const groups: VmRecord[][] = [];
  for (const vm of grouped) {
    const component = componentOf.get(vm.id)!;
    if (seen.has(component)) continue;
    seen.add(component);
    groups.push(grouped.filter((v) => component.has(v.id)));
  }
  return [...groups, ...vms.filter((v) => (componentOf.get(v.id)?.size ?? 0) <= 1).map((v) => [v])];
}

/** Whether any group exists that is broken by the VMs' current placement (the API's `broken`). */
export function isGroupBroken(world: World, group: AffinityGroupRecord): boolean {
  return group.vmIds.some((vmId) => {
    const vm = world.vm(vmId);
    if (vm?.hostId === undefined) return false;
    return !satisfiesHostRule(group, vm.hostId) || !satisfiesVmRule(world, group, vm, vm.hostId);
  });
}
