/** Affinity group commands: add, update, remove, and membership of VMs and hosts (ovirt-api.md §5.2). */
import { wakeBalancer } from './balancer';
import { logEvent } from './audit-log';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { AffinityGroupRecord, AffinityRule } from './model';
import { badParameters } from './refusal';
import type { World } from './world';

export interface AffinityGroupInput {
  name?: string;
  description?: string;
  priority?: number;
  vmsRule?: AffinityRule;
  hostsRule?: AffinityRule;
  vmIds?: string[];
  hostIds?: string[];
}

export const DISABLED_RULE: AffinityRule = { enabled: false, positive: false, enforcing: false };

function checkName(world: World, name: string, action: string, except?: AffinityGroupRecord): void {
  if (world.state.affinityGroups.some((g) => g.name === name && g !== except)) {
    throw badParameters(Messages.affinityNameExists(action));
  }
}

type GroupEvent = 'USER_ADDED_AFFINITY_GROUP' | 'USER_UPDATED_AFFINITY_GROUP' | 'USER_REMOVED_AFFINITY_GROUP';

function changed(world: World, description: string, type: GroupEvent, group: AffinityGroupRecord): void {
  startJob(world, description);
  logEvent(world, type, { values: { affinityGroupName: group.name } });
  wakeBalancer(world);
  world.settle();
}

export function addAffinityGroup(world: World, input: AffinityGroupInput & { name: string }): AffinityGroupRecord {
  checkName(world, input.name, 'add');
  const group: AffinityGroupRecord = {
    id: world.newId(),
    clusterId: world.state.cluster.id,
    name: input.name,
    description: input.description ?? '',
    priority: input.priority ?? 1,
    vmsRule: input.vmsRule ?? DISABLED_RULE,
    hostsRule: input.hostsRule ?? DISABLED_RULE,
    vmIds: input.vmIds ?? [],
    hostIds: input.hostIds ?? [],
  };
  world.state.affinityGroups.push(group);
  changed(world, `Adding Affinity Group ${group.name}`, 'USER_ADDED_AFFINITY_GROUP', group);
  return group;
}

export function updateAffinityGroup(world: World, group: AffinityGroupRecord, input: AffinityGroupInput): void {
  if (input.name !== undefined) checkName(world, input.name, 'edit', group);
  if (input.name !== undefined) group.name = input.name;
  if (input.description !== undefined) group.description = input.description;
  if (input.priority !== undefined) group.priority = input.priority;
  if (input.vmsRule !== undefined) group.vmsRule = input.vmsRule;
  if (input.hostsRule !== undefined) group.hostsRule = input.hostsRule;
  if (input.vmIds !== undefined) group.vmIds = input.vmIds;
  if (input.hostIds !== undefined) group.hostIds = input.hostIds;
  changed(world, `Editing Affinity Group ${group.name}`, 'USER_UPDATED_AFFINITY_GROUP', group);
}

export function removeAffinityGroup(world: World, group: AffinityGroupRecord): void {
  world.state.affinityGroups = world.state.affinityGroups.filter((g) => g !== group);
  changed(world, `Removing Affinity Group ${group.name}`, 'USER_REMOVED_AFFINITY_GROUP', group);
}

export type Membership = 'vmIds' | 'hostIds';

export function addMember(world: World, group: AffinityGroupRecord, list: Membership, id: string): void {
  if (!group[list].includes(id)) group[list] = [...group[list], id];
  changed(world, `Editing Affinity Group ${group.name}`, 'USER_UPDATED_AFFINITY_GROUP', group);
}

export function removeMember(world: World, group: AffinityGroupRecord, list: Membership, id: string): void {
  group[list] = group[list].filter((member) => member !== id);
  changed(world, `Editing Affinity Group ${group.name}`, 'USER_UPDATED_AFFINITY_GROUP', group);
}
