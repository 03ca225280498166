/**
 * What a VM and a template have in common (MODEL types/VmBase.java), as the engine's VmBaseMapper writes it on
 * every read (ENGINE TYPES/VmBaseMapper.java mapCommonEntityToModel and mapVmBaseEntityToModel, DisplayMapper,
 * SsoMapper, MigrationOptionsMapper): the static configuration of a VM created from the Blank template
 * (packaging/dbscripts/data/01100_insert_vm_static.sql) as a server VM on a 4.7 cluster.
 */
import type { NodeObject } from '../values';
import { ref } from '../values';

export interface VmBaseSpec {
  id: string;
  name: string;
  description: string;
  comment: string;
  memory: number;
  /** Guaranteed memory (`min_allocated_mem`). */
  guaranteedMemory: number;
  /** Hot-plug ceiling (`max_memory_size_mb`). */
  maxMemory: number;
  creationTime: number;
  topology: { sockets: number; cores: number; threads: number };
  haEnabled: boolean;
  haPriority: number;
  placementAffinity: string;
  placementHostIds: readonly string[];
  leaseStorageDomainId?: string | undefined;
  resumeBehaviour: string;
  origin: string;
  clusterId?: string;
  cpuProfileId?: string;
  icons?: { small: string; large: string };
}

/** The display of a VM with a SPICE console and a QXL card (the first protocol osinfo offers for the OS). */
export function staticDisplay(): NodeObject {
  return {
    allow_override: false,
    copy_paste_enabled: true,
    disconnect_action: 'LOCK_SCREEN',
    disconnect_action_delay: 0,
    file_transfer_enabled: true,
    monitors: 1,
    smartcard_enabled: false,
    type: 'spice',
    video_type: 'qxl',
  };
}

function placementPolicy(spec: VmBaseSpec): NodeObject {
  const hosts = spec.placementHostIds.map((id) => ref('hosts', id));
  return { affinity: spec.placementAffinity, ...(hosts.length > 0 ? { hosts: { host: hosts } } : {}) };
}

/** The VmBase attributes, alphabetically (the order of the API's XML schema); references come last. */
export function renderVmBase(spec: VmBaseSpec, display: NodeObject): NodeObject {
  return {
    auto_pinning_policy: 'disabled',
    bios: { boot_menu: { enabled: false }, type: 'cluster_default' },
    cpu: {
      architecture: 'x86_64',
      topology: { cores: spec.topology.cores, sockets: spec.topology.sockets, threads: spec.topology.threads },
    },
    cpu_pinning_policy: 'none',
    cpu_shares: 0,
    creation_time: new Date(spec.creationTime),
    delete_protected: false,
    display,
    high_availability: { enabled: spec.haEnabled, priority: spec.haPriority },
    io: { threads: 1 },
    ...(spec.leaseStorageDomainId !== undefined
      ? { lease: { storage_domain: ref('storagedomains', spec.leaseStorageDomainId) } }
      : {}),
    memory: BigInt(spec.memory),
    memory_policy: {
      ballooning: true,
      guaranteed: BigInt(spec.guaranteedMemory),
      max: BigInt(spec.maxMemory),
    },
    migration: {
      auto_converge: 'inherit',
      compressed: 'inherit',
      encrypted: 'inherit',
      parallel_migrations_policy: 'inherit',
    },
    migration_downtime: -1,
    multi_queues_enabled: true,
    origin: spec.origin,
    placement_policy: placementPolicy(spec),
    sso: { methods: { method: [{ id: 'guest_agent' }] } },
    start_paused: false,
    stateless: false,
    storage_error_resume_behaviour: spec.resumeBehaviour,
    time_zone: { name: 'Etc/GMT' },
    type: 'server',
    usb: { enabled: false },
    virtio_scsi_multi_queues_enabled: false,
    ...(spec.clusterId !== undefined ? { cluster: ref('clusters', spec.clusterId) } : {}),
    ...(spec.cpuProfileId !== undefined ? { cpu_profile: ref('cpuprofiles', spec.cpuProfileId) } : {}),
    ...(spec.icons !== undefined
      ? { large_icon: ref('icons', spec.icons.large), small_icon: ref('icons', spec.icons.small) }
      : {}),
  };
}
