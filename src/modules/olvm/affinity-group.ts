/**
 * `olvm.affinity_group`: an affinity group of a cluster with exactly the VMs and hosts named (names or
 * selectors), its VM-to-VM and VM-to-host rules, description and priority. The plan shows membership diffs
 * (`+db-1 -web-1`) and each rule field; apply makes one write (the engine replaces membership lists given in an
 * update). A hard rule is warned about: the procedure asks for soft affinity so VMs can fail over.
 */
import type { AffinityGroup, AffinityGroupPatch, Cluster } from '../../olvm/types';
import type { Change, ModuleContext, StepModule } from '../types';
import { planChanges, planNone, planUnknown } from '../types';
import { AFFINITY_GROUP_SCHEMA, desiredRule, groupIds, hardRuleWarnings, ruleView } from './affinity-desired';
import type { OlvmAffinityGroupArgs } from './affinity-desired';
import { applyAffinityPlan, membershipChange, ruleChanges } from './affinity-apply';
import type { AffinityPlanData } from './affinity-apply';
import { engineOf } from './engine-access';
import { OlvmModuleError } from './errors';
import { selectHosts, selectVms } from './select';
import { planSnapshot } from './snapshot';
import type { EngineSnapshot } from './snapshot';

const NAME = 'olvm.affinity_group';

async function clusterOf(ctx: ModuleContext, snapshot: EngineSnapshot, name: string): Promise<Cluster> {
  const cluster = await snapshot.cluster(name);
  if (cluster !== undefined) return cluster;
  const known = (await snapshot.clusters()).map((c) => c.name).join(', ') || 'none';
  throw new OlvmModuleError(NAME, ctx, `no cluster "${name}" in the engine (known: ${known})`);
}

/** name -> id for the members asked for; every one must be in the engine. */
async function memberIds(
  ctx: ModuleContext,
  snapshot: EngineSnapshot,
  args: OlvmAffinityGroupArgs
): Promise<{ vms?: Map<string, string>; hosts?: Map<string, string> }> {
  const out: { vms?: Map<string, string>; hosts?: Map<string, string> } = {};
  if (args.vms !== undefined) {
    const engineNames = (await snapshot.vms()).map((vm) => vm.name);
    const names = selectVms(NAME, ctx, 'vms', args.vms, engineNames);
    out.vms = await idsOf(ctx, names, 'VM', (name) => snapshot.vm(name));
  }
  if (args.hosts !== undefined) {
    const names = selectHosts(NAME, ctx, 'hosts', args.hosts);
    out.hosts = await idsOf(ctx, names, 'host', (name) => snapshot.host(name));
  }
  return out;
}

/** The members asked for that the engine does not have. */
async function missingMembers(ctx: ModuleContext, snapshot: EngineSnapshot, args: OlvmAffinityGroupArgs) {
  const engineVms = (await snapshot.vms()).map((vm) => vm.name);
  const vms = args.vms === undefined ? [] : selectVms(NAME, ctx, 'vms', args.vms, engineVms);
  const hosts = args.hosts === undefined ? [] : selectHosts(NAME, ctx, 'hosts', args.hosts);
  const absentVms = vms.filter((name) => !engineVms.includes(name));
  const absentHosts: string[] = [];
  for (const name of hosts) if ((await snapshot.host(name)) === undefined) absentHosts.push(name);
  return [...absentVms, ...absentHosts];
}

async function idsOf(
  ctx: ModuleContext,
  names: readonly string[],
  kind: string,
  find: (name: string) => Promise<{ id: string } | undefined>
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const found = await find(name);
    if (found === undefined) missing.push(name);
    else ids.set(name, found.id);
  }
  if (missing.length > 0) {
    throw new OlvmModuleError(NAME, ctx, `${kind}s not in the engine: ${missing.join(', ')}`);
  }
  return ids;
}

async function namesOf(snapshot: EngineSnapshot, group: AffinityGroup | undefined, key: 'vms' | 'hosts') {
  const find = key === 'vms' ? (id: string) => snapshot.vmById(id) : (id: string) => snapshot.hostById(id);
  return Promise.all(groupIds(group, key).map(async (id) => (await find(id))?.name ?? id));
}

function describeChanges(args: OlvmAffinityGroupArgs, group: AffinityGroup | undefined, changes: Change[]): Change[] {
  if (group !== undefined) return changes;
  return [
    { path: 'state', from: 'absent', to: 'present', note: `would create affinity group ${args.name}` },
    ...changes,
  ];
}

export const olvmAffinityGroup: StepModule<OlvmAffinityGroupArgs, AffinityPlanData> = {
  name: NAME,
  description: 'An affinity group: its VMs and hosts (names or selectors) and its VM and host rules.',
  schema: AFFINITY_GROUP_SCHEMA,
  async plan(ctx, args) {
    const client = await engineOf(ctx);
    const snapshot = planSnapshot(ctx, client);
    const cluster = await clusterOf(ctx, snapshot, args.cluster ?? ctx.inventory.cluster.name);
    const group = await snapshot.affinityGroup(cluster.id, args.name);
    if (args.state === 'absent') {
      if (group === undefined) return planNone({ name: args.name, state: 'absent' });
      const change = { path: 'state', from: 'present', to: 'absent', note: `would remove affinity group ${args.name}` };
      return planChanges([change], { clusterId: cluster.id, groupId: group.id, patch: {}, isRemove: true, result: {} });
    }
    const vmsRule = desiredRule(args.vms_rule, group?.vmsRule);
    const hostsRule = desiredRule(args.hosts_rule, group?.hostsRule);
    for (const warning of hardRuleWarnings(args.name, vmsRule, hostsRule)) ctx.warn(warning);
    const missing = ctx.isDryRun ? await missingMembers(ctx, snapshot, args) : [];
    // In a dry run an earlier step may be about to bring them in (hosts added, VMs imported).
    if (missing.length > 0) return planUnknown(`not in the engine yet: ${missing.join(', ')}`);
    const wanted = await memberIds(ctx, snapshot, args);
    const patch: AffinityGroupPatch = {};
    const changes: Change[] = ruleChanges(group, { vmsRule, hostsRule }, args, patch);
    const vmNames = await namesOf(snapshot, group, 'vms');
    const hostNames = await namesOf(snapshot, group, 'hosts');
    if (wanted.vms) membershipChange('vms', vmNames, wanted.vms, changes, patch);
    if (wanted.hosts) membershipChange('hosts', hostNames, wanted.hosts, changes, patch);
    const result = {
      name: args.name,
      cluster: cluster.name,
      vms: wanted.vms ? [...wanted.vms.keys()] : vmNames,
      hosts: wanted.hosts ? [...wanted.hosts.keys()] : hostNames,
      vms_rule: ruleView(vmsRule),
      hosts_rule: ruleView(hostsRule),
    };
    if (group !== undefined && changes.length === 0) return planNone({ ...result, id: group.id });
    const data: AffinityPlanData = {
      clusterId: cluster.id,
      ...(group !== undefined ? { groupId: group.id } : {}),
      patch: group === undefined ? { ...patch, vmsRule, hostsRule } : patch,
      isRemove: false,
      result,
    };
    return planChanges(describeChanges(args, group, changes), data);
  },
  async apply(ctx, args, plan) {
    if (plan.data === undefined) return {};
    return applyAffinityPlan(ctx, await engineOf(ctx), args.name, plan.data);
  },
};
