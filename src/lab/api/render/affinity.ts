/** Affinity group representation (MODEL types/AffinityGroup.java; ovirt-api.md §5.1). */
import { isGroupBroken } from '../../world/affinity';
import type { AffinityGroupRecord, AffinityRule } from '../../world/model';
import type { NodeObject } from '../values';
import { subCollectionLinks } from '../links';
import { API_BASE, Decimal, ref } from '../values';
import type { RenderContext } from './context';

function rule(r: AffinityRule): NodeObject {
  return { enabled: r.enabled, enforcing: r.enforcing, positive: r.positive };
}

export function affinityGroupPath(group: AffinityGroupRecord): string {
  return `${API_BASE}/clusters/${group.clusterId}/affinitygroups/${group.id}`;
}

export function renderAffinityGroup(group: AffinityGroupRecord, ctx: RenderContext): NodeObject {
  const base = affinityGroupPath(group);
  return {
    href: base,
    id: group.id,
    name: group.name,
    description: group.description,
    link: subCollectionLinks(base, 'affinity_group'),
    broken: isGroupBroken(ctx.world, group),
    enforcing: group.vmsRule.enforcing,
    ...(group.vmsRule.enabled ? { positive: group.vmsRule.positive } : {}),
    priority: new Decimal(group.priority),
    hosts_rule: rule(group.hostsRule),
    vms_rule: rule(group.vmsRule),
    cluster: ref('clusters', group.clusterId),
    host_labels: {},
    hosts: { host: group.hostIds.map((id) => ref('hosts', id)) },
    vm_labels: {},
    vms: { vm: group.vmIds.map((id) => ref('vms', id)) },
  };
}
