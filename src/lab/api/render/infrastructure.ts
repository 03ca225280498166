/** Data center, cluster and storage domain representations (ovirt-api.md §6). */
import type { ClusterRecord, DataCenterRecord, StorageDomainRecord } from '../../world/model';
import type { NodeObject } from '../values';
import { actions, API_BASE, links, ref } from '../values';
import type { RenderContext } from './context';

const VERSION = { major: 4, minor: 7 };

export function renderDataCenter(dc: DataCenterRecord): NodeObject {
  const base = `${API_BASE}/datacenters/${dc.id}`;
  return {
    href: base,
    id: dc.id,
    actions: actions(base, ['cleanfinishedtasks', 'setmaster']),
    name: dc.name,
    description: dc.description,
    link: links(base, ['clusters', 'networks', 'permissions', 'quotas', 'storagedomains', 'iscsibonds']),
    local: false,
    quota_mode: 'disabled',
    status: dc.status,
    storage_format: 'v5',
    supported_versions: { version: [VERSION] },
    version: VERSION,
  };
}

export function renderCluster(cluster: ClusterRecord): NodeObject {
  const base = `${API_BASE}/clusters/${cluster.id}`;
  return {
    href: base,
    id: cluster.id,
    actions: actions(base, ['resetemulatedmachine', 'syncallnetworks', 'upgrade']),
    name: cluster.name,
    description: cluster.description,
    comment: '',
    link: links(base, ['affinitygroups', 'cpuprofiles', 'enabledfeatures', 'networks', 'permissions']),
    cpu: { architecture: 'x86_64', type: 'Secure Intel Cascadelake Server Family' },
    error_handling: { on_error: 'migrate' },
    fencing_policy: {
      enabled: true,
      skip_if_connectivity_broken: { enabled: false, threshold: 50 },
      skip_if_sd_active: { enabled: false },
    },
    gluster_service: false,
    ha_reservation: false,
    memory_policy: { over_commit: { percent: cluster.memoryOverCommit ?? 100 } },
    upgrade_in_progress: false,
    version: VERSION,
    virt_service: true,
    data_center: ref('datacenters', cluster.dataCenterId),
  };
}

/** Status of a domain inside its data center (the top-level representation has none, per the engine). */
export function attachedStatus(domain: StorageDomainRecord, ctx: RenderContext): string {
  if (!ctx.world.isStorageReachable(domain)) return 'inactive';
  return ctx.world.state.dataCenter.status === 'up' ? 'active' : 'unknown';
}

export function renderStorageDomain(
  domain: StorageDomainRecord,
  ctx: RenderContext,
  isAttachedView = false
): NodeObject {
  const base = isAttachedView
    ? `${API_BASE}/datacenters/${domain.dataCenterId}/storagedomains/${domain.id}`
    : `${API_BASE}/storagedomains/${domain.id}`;
  return {
    href: base,
    id: domain.id,
    actions: actions(base, isAttachedView ? ['activate', 'deactivate'] : ['refreshluns', 'updateovfstore']),
    name: domain.name,
    description: '',
    comment: '',
    link: links(base, ['diskprofiles', 'disks', 'permissions', 'storageconnections', 'templates', 'vms']),
    available: BigInt(domain.available),
    backup: false,
    block_size: 512,
    committed: BigInt(domain.committed),
    critical_space_action_blocker: 5,
    discard_after_delete: false,
    external_status: 'ok',
    master: domain.isMaster,
    ...(isAttachedView ? { status: attachedStatus(domain, ctx) } : {}),
    storage: { address: domain.address, path: domain.path, type: 'nfs' },
    storage_format: 'v5',
    supports_discard: false,
    type: 'data',
    used: BigInt(domain.used),
    warning_low_space_indicator: 10,
    wipe_after_delete: false,
    data_centers: { data_center: [ref('datacenters', domain.dataCenterId)] },
    ...(isAttachedView ? { data_center: ref('datacenters', domain.dataCenterId) } : {}),
  };
}
