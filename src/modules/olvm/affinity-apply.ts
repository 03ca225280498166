/** `olvm.affinity_group`: field diffs of rules and membership, and the one write that closes them. */
import type { AffinityGroup, AffinityGroupPatch, AffinityRule, OlvmClient } from '../../olvm/types';
import type { ApplyResult, Change, ModuleContext } from '../types';
import type { OlvmAffinityGroupArgs } from './affinity-desired';
import { applySnapshot } from './snapshot';
import { WriteLog } from './write';

export interface AffinityPlanData {
  clusterId: string;
  groupId?: string;
  patch: AffinityGroupPatch;
  isRemove: boolean;
  result: Record<string, unknown>;
}

const RULE_FIELDS = [
  ['enabled', 'isEnabled'],
  ['positive', 'isPositive'],
  ['enforcing', 'isEnforcing'],
] as const;

/** Rule, description and priority changes; fills `patch` with the whole rule when any field of it changes. */
export function ruleChanges(
  group: AffinityGroup | undefined,
  rules: { vmsRule: AffinityRule; hostsRule: AffinityRule },
  args: OlvmAffinityGroupArgs,
  patch: AffinityGroupPatch
): Change[] {
  const changes: Change[] = [];
  for (const [key, path] of [
    ['vmsRule', 'vms_rule'],
    ['hostsRule', 'hosts_rule'],
  ] as const) {
    const before = group?.[key];
    const after = rules[key];
    for (const [field, prop] of RULE_FIELDS) {
      if (before !== undefined && before[prop] === after[prop]) continue;
      if (before === undefined && args[path] === undefined) continue;
      changes.push({ path: `${path}.${field}`, from: before?.[prop] ?? null, to: after[prop] });
      patch[key] = after;
    }
  }
  if (args.description !== undefined && args.description !== (group?.description ?? '')) {
    changes.push({ path: 'description', from: group?.description ?? null, to: args.description });
    patch.description = args.description;
  }
  if (args.priority !== undefined && args.priority !== group?.priority) {
    changes.push({ path: 'priority', from: group?.priority ?? null, to: args.priority });
    patch.priority = args.priority;
  }
  return changes;
}

/** `{ path: 'vms', from: [...], to: [...], note: '+db-1 -web-1' }` when the members differ. */
export function membershipChange(
  key: 'vms' | 'hosts',
  currentNames: readonly string[],
  wanted: ReadonlyMap<string, string>,
  changes: Change[],
  patch: AffinityGroupPatch
): void {
  const current = new Set(currentNames);
  const added = [...wanted.keys()].filter((name) => !current.has(name));
  const removed = currentNames.filter((name) => !wanted.has(name));
  if (added.length === 0 && removed.length === 0) return;
  const note = [...added.map((n) => `+${n}`), ...removed.map((n) => `-${n}`)];
  changes.push({
    path: key,
    from: [...currentNames].sort(),
    to: [...wanted.keys()].sort(),
    note: note.length > 20 ? `${note.slice(0, 20).join(' ')} … (${note.length - 20} more)` : note.join(' '),
  });
  patch[key] = [...wanted.values()].map((id) => ({ id }));
}

async function findGroup(client: OlvmClient, clusterId: string, name: string) {
  return client.affinityGroups(clusterId).findByName(name);
}

export async function applyAffinityPlan(
  ctx: ModuleContext,
  client: OlvmClient,
  name: string,
  data: AffinityPlanData
): Promise<ApplyResult> {
  const groups = client.affinityGroups(data.clusterId);
  const snapshot = applySnapshot(ctx, client);
  const log = new WriteLog(ctx);
  const options = (correlationId: string) => ({ correlationId, signal: ctx.signal });
  if (data.isRemove && data.groupId !== undefined) {
    const groupId = data.groupId;
    await log.write({
      operation: `removal of affinity group ${name}`,
      send: (id) => groups.remove(groupId, options(id)),
      isApplied: async () => (await findGroup(client, data.clusterId, name)) === undefined,
    });
    await snapshot.dropAffinityGroup(data.clusterId, groupId);
    return { result: { name, state: 'absent' }, correlationIds: log.correlationIds };
  }
  const groupId = data.groupId;
  const written = await log.write({
    operation: `${groupId === undefined ? 'add' : 'update'} of affinity group ${name}`,
    send: (id) =>
      groupId === undefined
        ? groups.add({ ...data.patch, name }, options(id))
        : groups.update(groupId, data.patch, options(id)),
    isApplied: async () => {
      const found = await findGroup(client, data.clusterId, name);
      return found !== undefined && isPatchShown(found, data.patch);
    },
  });
  const group = written ?? (await findGroup(client, data.clusterId, name));
  if (group !== undefined) await snapshot.putAffinityGroup(data.clusterId, group);
  return { result: { ...data.result, id: group?.id }, correlationIds: log.correlationIds };
}

function isPatchShown(group: AffinityGroup, patch: AffinityGroupPatch): boolean {
  const sameIds = (refs: readonly { id: string }[], wanted: readonly unknown[] | undefined) =>
    wanted === undefined ||
    (refs.length === wanted.length &&
      wanted.every((w) => refs.some((r) => 'id' in (w as object) && r.id === (w as { id: string }).id)));
  const sameRule = (rule: AffinityRule, wanted: Partial<AffinityRule> | undefined) =>
    wanted === undefined || (Object.keys(wanted) as Array<keyof AffinityRule>).every((k) => rule[k] === wanted[k]);
  return (
    sameIds(group.vms, patch.vms) &&
    sameIds(group.hosts, patch.hosts) &&
    sameRule(group.vmsRule, patch.vmsRule) &&
    sameRule(group.hostsRule, patch.hostsRule)
  );
}
