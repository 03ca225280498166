/**
 * Reads an affinity group body (ENGINE AffinityGroupMapper, ovirt-api.md §5.1): `vms_rule` / `hosts_rule`
 * {enabled, positive, enforcing}, the legacy top-level `positive` / `enforcing` for the VM rule, member lists.
 */
import type { AffinityGroupInput } from '../../world/affinity-groups';
import { DISABLED_RULE } from '../../world/affinity-groups';
import type { AffinityGroupRecord, AffinityRule } from '../../world/model';
import { badParameters } from '../../world/refusal';
import type { World } from '../../world/world';
import { ApiFault } from '../api-fault';
import type { InputObject } from '../input';
import { asBool, asList, asNumber, asObject, asString } from '../input';
import { resolveHostIds } from './vm-input';

/** enabled:false disables; a polarity enables (a missing `enabled` counts as true); otherwise keep what is stored. */
export function readRule(input: InputObject | undefined, current: AffinityRule): AffinityRule | undefined {
  if (input === undefined) return undefined;
  const enabled = asBool(input['enabled']);
  const positive = asBool(input['positive']);
  const enforcing = asBool(input['enforcing']) ?? current.enforcing;
  if (enabled === false) return { enabled: false, positive: positive ?? current.positive, enforcing };
  if (positive !== undefined) return { enabled: true, positive, enforcing };
  if (enabled === true) return { enabled: true, positive: current.positive, enforcing };
  return { ...current, enforcing };
}

function readLegacyVmRule(body: InputObject, current: AffinityRule): AffinityRule | undefined {
  const positive = asBool(body['positive']);
  const enforcing = asBool(body['enforcing']);
  if (positive === undefined && enforcing === undefined) return undefined;
  return {
    enabled: positive !== undefined ? true : current.enabled,
    positive: positive ?? current.positive,
    enforcing: enforcing ?? current.enforcing,
  };
}

export function resolveVmIds(world: World, refs: InputObject[]): string[] {
  return refs.map((item) => {
    const id = asString(item['id']);
    const name = asString(item['name']);
    const vm = id !== undefined ? world.vm(id) : name !== undefined ? world.vmByName(name) : undefined;
    if (vm === undefined) throw badParameters(`Cannot edit Affinity Group. VM ${id ?? name ?? ''} doesn't exist.`);
    return vm.id;
  });
}

export function readAffinityGroup(world: World, body: InputObject, current?: AffinityGroupRecord): AffinityGroupInput {
  const input: AffinityGroupInput = {};
  const name = asString(body['name']);
  if (name !== undefined) input.name = name;
  const description = asString(body['description']);
  if (description !== undefined) input.description = description;
  if (body['priority'] !== undefined) {
    const priority = asNumber(body['priority']);
    if (priority === undefined) throw ApiFault.badRequest('Invalid value', '[priority is not a decimal]');
    input.priority = priority;
  }
  const vmsRule =
    readRule(asObject(body['vms_rule']), current?.vmsRule ?? DISABLED_RULE) ??
    readLegacyVmRule(body, current?.vmsRule ?? DISABLED_RULE);
  if (vmsRule !== undefined) input.vmsRule = vmsRule;
  const hostsRule = readRule(asObject(body['hosts_rule']), current?.hostsRule ?? DISABLED_RULE);
  if (hostsRule !== undefined) input.hostsRule = hostsRule;
  if (body['vms'] !== undefined) input.vmIds = resolveVmIds(world, asList(body['vms'], 'vm'));
  if (body['hosts'] !== undefined)
    input.hostIds = resolveHostIds(world, asList(body['hosts'], 'host'), 'edit', 'Affinity Group');
  return input;
}
