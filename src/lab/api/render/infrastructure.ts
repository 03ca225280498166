/** Data center, cluster and storage domain representations (ovirt-api.md §6; ENGINE TYPES/*Mapper.java). */
import type { ClusterRecord, DataCenterRecord, StorageDomainRecord } from '../../world/model';
import type { NodeObject } from '../values';
import { DEFAULT_MAC_POOL_ID, NONE_SCHEDULING_POLICY_ID } from '../catalog/builtins';
import { subCollectionLinks } from '../links';
import { API_BASE, ref } from '../values';
import { CLUSTER_CPU_TYPE } from './host-facts';
import type { RenderContext } from './context';

const VERSION = { major: 4, minor: 7 };
/** The "Minimal downtime" migration policy, the engine's default for new clusters. */
const MIGRATION_POLICY_ID = '80554327-0569-496b-bdeb-fcbbf52b827b';

/** ENGINE TYPES/DataCenterMapper.java map(StoragePool); supported_versions from deprecatedPopulate. */
export function renderDataCenter(dc: DataCenterRecord): NodeObject {
  const base = `${API_BASE}/datacenters/${dc.id}`;
  return {
    href: base,
    id: dc.id,
    name: dc.name,
    ...(dc.description !== '' ? { description: dc.description } : {}),
    link: subCollectionLinks(base, 'data_center'),
    local: false,
    quota_mode: 'disabled',
    status: dc.status,
    storage_format: 'v5',
    supported_versions: { version: [VERSION] },
    version: VERSION,
    mac_pool: ref('macpools', DEFAULT_MAC_POOL_ID),
  };
}

/** ENGINE TYPES/ClusterMapper.java map(Cluster) and ClusterMigrationOptionsMapper, FencingPolicyMapper. */
export function renderCluster(cluster: ClusterRecord): NodeObject {
  const base = `${API_BASE}/clusters/${cluster.id}`;
  return {
    href: base,
    id: cluster.id,
    name: cluster.name,
    description: cluster.description,
    comment: '',
    link: subCollectionLinks(base, 'cluster'),
    ballooning_enabled: true,
    bios_type: 'q35_ovmf',
    cpu: { architecture: 'x86_64', type: CLUSTER_CPU_TYPE },
    error_handling: { on_error: 'migrate' },
    fencing_policy: {
      enabled: true,
      skip_if_connectivity_broken: { enabled: false, threshold: 50 },
      skip_if_gluster_bricks_up: false,
      skip_if_gluster_quorum_not_met: false,
      skip_if_sd_active: { enabled: false },
    },
    fips_mode: 'undefined',
    firewall_type: 'firewalld',
    gluster_service: false,
    ha_reservation: false,
    ksm: { enabled: true, merge_across_nodes: true },
    log_max_memory_used_threshold: 95,
    log_max_memory_used_threshold_type: 'percentage',
    memory_policy: {
      over_commit: { percent: cluster.memoryOverCommit ?? 100 },
      transparent_hugepages: { enabled: true },
    },
    migration: {
      auto_converge: 'false',
      bandwidth: { assignment_method: 'auto' },
      compressed: 'false',
      encrypted: 'false',
      parallel_migrations_policy: 'disabled',
      policy: { id: MIGRATION_POLICY_ID },
    },
    required_rng_sources: { required_rng_source: ['urandom'] },
    switch_type: 'legacy',
    threads_as_cores: false,
    trusted_service: false,
    tunnel_migration: false,
    upgrade_in_progress: false,
    upgrade_percent_complete: 0,
    version: VERSION,
    virt_service: true,
    vnc_encryption: false,
    data_center: ref('datacenters', cluster.dataCenterId),
    mac_pool: ref('macpools', DEFAULT_MAC_POOL_ID),
    scheduling_policy: ref('schedulingpolicies', NONE_SCHEDULING_POLICY_ID),
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
    name: domain.name,
    description: '',
    comment: '',
    link: subCollectionLinks(base, isAttachedView ? 'attached_storage_domain' : 'storage_domain'),
    available: BigInt(domain.available),
    backup: false,
    block_size: 512,
    committed: BigInt(domain.committed),
    critical_space_action_blocker: 5,
    discard_after_delete: false,
    external_status: 'ok',
    master: domain.isMaster,
    ...(isAttachedView ? { status: attachedStatus(domain, ctx) } : {}),
    storage: { address: domain.address, nfs_version: 'auto', path: domain.path, type: 'nfs' },
    storage_format: 'v5',
    supports_discard: false,
    supports_discard_zeroes_data: false,
    type: 'data',
    used: BigInt(domain.used),
    warning_low_space_indicator: 10,
    wipe_after_delete: false,
    data_centers: { data_center: [ref('datacenters', domain.dataCenterId)] },
    ...(isAttachedView ? { data_center: ref('datacenters', domain.dataCenterId) } : {}),
  };
}
