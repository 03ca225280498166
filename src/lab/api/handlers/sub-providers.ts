/**
 * The members of the sub-collections the lab fills (the others answer empty): host and VM statistics, host NUMA
 * nodes, the cluster's CPU profile, a storage domain's disk profile, the data center's clusters, a job's step,
 * an affinity group's VMs and hosts, the internal domain's admin user and the admin's SuperUser permission. Keyed `${kind}.${rel}`; the parameters
 * are those of the parent's route pattern.
 */
import type { World } from '../../world/world';
import { cpuProfileId, derivedId, diskProfileId } from '../catalog/builtins';
import { subCollectionLinks } from '../links';
import type { ApiRequest } from '../request';
import { renderAdminUser, renderCpuProfile, renderDiskProfile, renderSystemPermission } from '../render/catalog';
import { HOST_CPU } from '../render/host-facts';
import { renderHost } from '../render/hosts';
import { renderCluster } from '../render/infrastructure';
import { renderStep } from '../render/jobs-events';
import { hostStatistics, vmStatistics } from '../render/statistics';
import { renderVm } from '../render/vms';
import type { NodeObject } from '../values';
import { API_BASE, ref } from '../values';

export type Members = (req: ApiRequest, params: string[]) => NodeObject[];

/**
 * A member seen through its parent (an assigned profile, a domain's user) links to nothing: the engine links a
 * representation to the locators of the service it is read through, and those services have none.
 */
function withoutLinks(node: NodeObject): NodeObject {
  const { link: _link, ...rest } = node;
  return rest;
}

function host(world: World, id: string | undefined) {
  return world.host(id);
}

/** One NUMA node per socket, each with its share of the memory and its cores (vdsm getCapabilities numaNodes). */
function numaNodes(req: ApiRequest, [hostId]: string[]): NodeObject[] {
  const record = host(req.world, hostId);
  if (record === undefined) return [];
  const cpusPerNode = HOST_CPU.coresPerSocket * HOST_CPU.threadsPerCore;
  return Array.from({ length: HOST_CPU.sockets }, (_unused, index) => {
    const id = derivedId(`numa-node-${index}`, record.id);
    const base = `${API_BASE}/hosts/${record.id}/numanodes/${id}`;
    const cores = Array.from({ length: cpusPerNode }, (_core, i) => ({ index: index * cpusPerNode + i }));
    return {
      href: base,
      id,
      link: subCollectionLinks(base, 'numa_node'),
      cpu: { cores: { core: cores } },
      index,
      memory: BigInt(Math.floor(record.memory / HOST_CPU.sockets)),
      node_distance: index === 0 ? '10 21' : '21 10',
      host: ref('hosts', record.id),
    };
  });
}

function clusterCpuProfiles(req: ApiRequest, [clusterId]: string[]): NodeObject[] {
  const cluster = req.world.state.cluster;
  if (cluster.id !== clusterId) return [];
  const href = `${API_BASE}/clusters/${cluster.id}/cpuprofiles/${cpuProfileId(cluster.id)}`;
  return [withoutLinks({ ...renderCpuProfile(cluster), href })];
}

function domainDiskProfiles(req: ApiRequest, [domainId]: string[]): NodeObject[] {
  const domain = req.world.storageDomain(domainId);
  if (domain === undefined) return [];
  const href = `${API_BASE}/storagedomains/${domain.id}/diskprofiles/${diskProfileId(domain.id)}`;
  return [withoutLinks({ ...renderDiskProfile(domain), href })];
}

function groupOf(req: ApiRequest, groupId: string | undefined) {
  return req.world.state.affinityGroups.find((g) => g.id === groupId);
}

export const SUB_PROVIDERS: Record<string, Members> = {
  'host.statistics': (req, [id]) => {
    const record = host(req.world, id);
    return record ? hostStatistics(record, req.render) : [];
  },
  'host.numanodes': numaNodes,
  'vm.statistics': (req, [id]) => {
    const vm = req.world.vm(id);
    return vm ? vmStatistics(vm, req.render) : [];
  },
  'cluster.cpuprofiles': clusterCpuProfiles,
  'storage_domain.diskprofiles': domainDiskProfiles,
  'data_center.clusters': (req) => [renderCluster(req.world.state.cluster)],
  'job.steps': (req, [id]) => req.world.state.jobs.filter((j) => j.id === id).map(renderStep),
  'affinity_group.vms': (req, [, groupId]) =>
    (groupOf(req, groupId)?.vmIds ?? []).flatMap((id) => req.world.vm(id) ?? []).map((v) => renderVm(v, req.render)),
  'affinity_group.hosts': (req, [, groupId]) =>
    (groupOf(req, groupId)?.hostIds ?? [])
      .flatMap((id) => req.world.host(id) ?? [])
      .map((h) => renderHost(h, req.render)),
  'user.permissions': (_req, [userId]) => {
    const permission = renderSystemPermission();
    return [
      { ...permission, href: `${API_BASE}/users/${userId ?? ''}/permissions/${String(permission['id'] as string)}` },
    ];
  },
  'domain.users': (_req, [domainId]) => {
    const user = renderAdminUser();
    return [
      withoutLinks({ ...user, href: `${API_BASE}/domains/${domainId ?? ''}/users/${String(user['id'] as string)}` }),
    ];
  },
};
