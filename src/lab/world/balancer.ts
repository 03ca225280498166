/**
 * The Affinity Rules Enforcement Manager (ovirt-api.md §5.4): every minute, at most one VM per cluster is
 * migrated toward its affinity — hard VM-to-host violations first, then hard VM-to-VM, soft VM-to-host, soft
 * VM-to-VM; never the hosted-engine VM or a VM that is not `migratable`; a soft move only if it improves affinity.
 * This is what brings VMs home when their site's hosts return.
 */
import { groupsOfVm, satisfiesHostRule, satisfiesVmRule } from './affinity';
import { isHostedEngineVm } from './imports';
import { MigrationReason, startMigration } from './migration';
import type { AffinityGroupRecord, VmRecord } from './model';
import { PlacementAffinity, VmStatus } from './model';
import { improvesSoftAffinity, placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import type { World } from './world';

type Violation = { vm: VmRecord; group: AffinityGroupRecord; rank: number };

function isCandidate(vm: VmRecord): boolean {
  return vm.status === VmStatus.UP && vm.placementAffinity === PlacementAffinity.MIGRATABLE && !isHostedEngineVm(vm);
}

function violationRank(world: World, vm: VmRecord, group: AffinityGroupRecord, hostId: string): number | undefined {
  const isHostBroken = !satisfiesHostRule(group, hostId);
  const isVmBroken = !satisfiesVmRule(world, group, vm, hostId);
  if (isHostBroken && group.hostsRule.enforcing) return 0;
  if (isVmBroken && group.vmsRule.enforcing) return 1;
  if (isHostBroken) return 2;
  if (isVmBroken) return 3;
  return undefined;
}

function findViolations(world: World): Violation[] {
  const violations: Violation[] = [];
  for (const vm of world.state.vms) {
    if (!isCandidate(vm) || vm.hostId === undefined) continue;
    for (const group of groupsOfVm(world, vm.id)) {
      const rank = violationRank(world, vm, group, vm.hostId);
      if (rank !== undefined) violations.push({ vm, group, rank });
    }
  }
  return violations.sort(
    (a, b) => a.rank - b.rank || b.group.priority - a.group.priority || a.vm.name.localeCompare(b.vm.name)
  );
}

function tryFix(world: World, violation: Violation): boolean {
  const { vm } = violation;
  const placement = placeVm(world, vm, { purpose: 'migrate', excludeHostIds: vm.hostId ? [vm.hostId] : [] });
  if (!placement.host) return false;
  const isHard = violation.rank < 2;
  const isImprovement = isHard
    ? violationRank(world, vm, violation.group, placement.host.id) === undefined
    : improvesSoftAffinity(world, vm, placement.host);
  if (!isImprovement) return false;
  startMigration(world, vm, placement.host, MigrationReason.AFFINITY);
  return true;
}

/** Task: one enforcement run. A run that could move nothing marks the balancer stalled until hosts change. */
export function runBalancer(world: World): void {
  if (world.state.vms.some((vm) => vm.status === VmStatus.MIGRATING)) return;
  for (const violation of findViolations(world)) {
    if (tryFix(world, violation)) return;
  }
  world.isBalancerStalled = true;
}

/** Settle hook: keep an enforcement run scheduled while some group is broken and a better host is up. */
export function scheduleBalancer(world: World): void {
  if (world.hasTask(TaskKind.BALANCER_TICK)) return;
  if (!hasPlausibleFix(world)) return;
  world.schedule(world.knobs.affinityEnforcementInterval, TaskKind.BALANCER_TICK, {}, world.isBalancerStalled);
}

/** Wake the balancer (a host came up, affinity changed): the next run is a foreground task again. */
export function wakeBalancer(world: World): void {
  world.isBalancerStalled = false;
  world.clock.cancel((t) => t.kind === TaskKind.BALANCER_TICK && t.isBackground === true);
}

/** Cheap check: some VM breaks a host rule that an up host (other than its own) would satisfy. */
function hasPlausibleFix(world: World): boolean {
  const upHosts = world.state.hosts.filter((h) => h.status === 'up');
  for (const group of world.state.affinityGroups) {
    if (!group.hostsRule.enabled && !group.vmsRule.enabled) continue;
    const satisfying = new Set(upHosts.filter((h) => satisfiesHostRule(group, h.id)).map((h) => h.id));
    if (satisfying.size === 0) continue;
    for (const vmId of group.vmIds) {
      const vm = world.vm(vmId);
      if (vm === undefined || !isCandidate(vm) || vm.hostId === undefined) continue;
      const hostId = vm.hostId;
      const isBroken = !satisfiesHostRule(group, hostId) || !satisfiesVmRule(world, group, vm, hostId);
      if (isBroken && [...satisfying].some((id) => id !== hostId)) return true;
    }
  }
  return false;
}
