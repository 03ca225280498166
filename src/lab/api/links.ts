/**
 * The sub-collections each representation links to, as the engine derives them from the API model: every
 * no-argument `@Service` locator of the entity's service (MODEL services/*Service.java) is a `link` whose rel is
 * the locator's name in lower case (ENGINE RESTAPI/resource/AbstractBackendResource.java getSubCollections,
 * interface/definition .../rsdl/ServiceTree.java). The element names are the XML names of the listed type; the
 * attribute is the entity's attribute whose name without underscores is the rel, the only name `follow` takes
 * (RESTAPI/resource/utils/LinkFollower.java: the link by rel, the value set through that attribute's setter). test/integration/lab/model-conformance.test.ts checks this
 * table against test/fixtures/api-model/model-types.json.
 */
import type { NodeObject } from './values';
import { links } from './values';

/** [rel, collection element, item element, the entity's attribute `follow` fills (null: not followable)]. */
export type SubCollection = readonly [rel: string, plural: string, item: string, attribute: string | null];

const STATISTICS: SubCollection = ['statistics', 'statistics', 'statistic', 'statistics'];
const PERMISSIONS: SubCollection = ['permissions', 'permissions', 'permission', 'permissions'];
const TAGS: SubCollection = ['tags', 'tags', 'tag', 'tags'];
const AFFINITY_LABELS: SubCollection = ['affinitylabels', 'affinity_labels', 'affinity_label', 'affinity_labels'];
const KATELLO_ERRATA: SubCollection = ['katelloerrata', 'katello_errata', 'katello_erratum', 'katello_errata'];
const GRAPHICS_CONSOLES: SubCollection = [
  'graphicsconsoles',
  'graphics_consoles',
  'graphics_console',
  'graphics_consoles',
];
const CDROMS: SubCollection = ['cdroms', 'cdroms', 'cdrom', 'cdroms'];
const NICS: SubCollection = ['nics', 'nics', 'nic', 'nics'];
const WATCHDOGS: SubCollection = ['watchdogs', 'watchdogs', 'watchdog', 'watchdogs'];
const DISK_ATTACHMENTS: SubCollection = ['diskattachments', 'disk_attachments', 'disk_attachment', 'disk_attachments'];
const MEDIATED_DEVICES: SubCollection = [
  'mediateddevices',
  'vm_mediated_devices',
  'vm_mediated_device',
  'mediated_devices',
];
const DISKS: SubCollection = ['disks', 'disks', 'disk', 'disks'];

export const SUB_COLLECTIONS = {
  host: [
    STATISTICS,
    PERMISSIONS,
    TAGS,
    ['fenceagents', 'agents', 'agent', null],
    ['devices', 'host_devices', 'host_device', 'devices'],
    ['hooks', 'hooks', 'hook', 'hooks'],
    ['nics', 'host_nics', 'host_nic', 'nics'],
    ['numanodes', 'host_numa_nodes', 'host_numa_node', 'numa_nodes'],
    ['storage', 'host_storages', 'host_storage', null],
    KATELLO_ERRATA,
    ['networkattachments', 'network_attachments', 'network_attachment', 'network_attachments'],
    [
      'storageconnectionextensions',
      'storage_connection_extensions',
      'storage_connection_extension',
      'storage_connection_extensions',
    ],
    ['unmanagednetworks', 'unmanaged_networks', 'unmanaged_network', 'unmanaged_networks'],
    AFFINITY_LABELS,
    [
      'externalnetworkproviderconfigurations',
      'external_network_provider_configurations',
      'external_network_provider_configuration',
      'external_network_provider_configurations',
    ],
    ['cpuunits', 'host_cpu_units', 'host_cpu_unit', 'cpu_units'],
  ],
  vm: [
    STATISTICS,
    PERMISSIONS,
    TAGS,
    GRAPHICS_CONSOLES,
    KATELLO_ERRATA,
    ['snapshots', 'snapshots', 'snapshot', 'snapshots'],
    ['applications', 'applications', 'application', 'applications'],
    CDROMS,
    ['hostdevices', 'host_devices', 'host_device', 'host_devices'],
    NICS,
    ['numanodes', 'vm_numa_nodes', 'vm_numa_node', 'numa_nodes'],
    ['reporteddevices', 'reported_devices', 'reported_device', 'reported_devices'],
    ['sessions', 'sessions', 'session', 'sessions'],
    WATCHDOGS,
    ['backups', 'backups', 'backup', null],
    ['checkpoints', 'checkpoints', 'checkpoint', null],
    DISK_ATTACHMENTS,
    AFFINITY_LABELS,
    MEDIATED_DEVICES,
  ],
  cluster: [
    ['affinitygroups', 'affinity_groups', 'affinity_group', 'affinity_groups'],
    ['cpuprofiles', 'cpu_profiles', 'cpu_profile', 'cpu_profiles'],
    ['networks', 'networks', 'network', 'networks'],
    PERMISSIONS,
    ['glusterhooks', 'gluster_hooks', 'gluster_hook', 'gluster_hooks'],
    ['glustervolumes', 'gluster_volumes', 'gluster_volume', 'gluster_volumes'],
    ['networkfilters', 'network_filters', 'network_filter', 'network_filters'],
    ['enabledfeatures', 'cluster_features', 'cluster_feature', 'enabled_features'],
    ['externalnetworkproviders', 'external_providers', 'external_provider', 'external_network_providers'],
  ],
  data_center: [
    ['storagedomains', 'storage_domains', 'storage_domain', 'storage_domains'],
    ['clusters', 'clusters', 'cluster', 'clusters'],
    ['networks', 'networks', 'network', 'networks'],
    PERMISSIONS,
    ['quotas', 'quotas', 'quota', 'quotas'],
    ['qoss', 'qoss', 'qos', 'qoss'],
    ['iscsibonds', 'iscsi_bonds', 'iscsi_bond', 'iscsi_bonds'],
  ],
  /** A data domain: the engine leaves out `files` and `images` (BackendStorageDomainResource.getLinksToExclude). */
  storage_domain: [
    ['diskprofiles', 'disk_profiles', 'disk_profile', 'disk_profiles'],
    PERMISSIONS,
    ['disksnapshots', 'disk_snapshots', 'disk_snapshot', 'disk_snapshots'],
    DISKS,
    ['storageconnections', 'storage_connections', 'storage_connection', 'storage_connections'],
    ['templates', 'templates', 'template', 'templates'],
    ['vms', 'vms', 'vm', 'vms'],
  ],
  attached_storage_domain: [DISKS],
  template: [PERMISSIONS, TAGS, GRAPHICS_CONSOLES, CDROMS, NICS, WATCHDOGS, DISK_ATTACHMENTS, MEDIATED_DEVICES],
  affinity_group: [
    ['vms', 'vms', 'vm', 'vms'],
    ['hosts', 'hosts', 'host', 'hosts'],
    ['vmlabels', 'affinity_labels', 'affinity_label', 'vm_labels'],
    ['hostlabels', 'affinity_labels', 'affinity_label', 'host_labels'],
  ],
  job: [['steps', 'steps', 'step', 'steps']],
  step: [STATISTICS],
  numa_node: [STATISTICS],
  user: [
    ['groups', 'groups', 'group', 'groups'],
    ['roles', 'roles', 'role', 'roles'],
    PERMISSIONS,
    TAGS,
    ['sshpublickeys', 'ssh_public_keys', 'ssh_public_key', 'ssh_public_keys'],
    ['options', 'user_options', 'user_option', 'options'],
    ['eventsubscriptions', 'event_subscriptions', 'event_subscription', null],
  ],
  domain: [
    ['users', 'users', 'user', 'users'],
    ['groups', 'groups', 'group', 'groups'],
  ],
  cpu_profile: [PERMISSIONS],
  disk_profile: [PERMISSIONS],
  mac_pool: [PERMISSIONS],
  scheduling_policy: [
    ['filters', 'filters', 'filter', 'filters'],
    ['weights', 'weights', 'weight', null],
    ['balances', 'balances', 'balance', 'balances'],
  ],
  cluster_level: [['clusterfeatures', 'cluster_features', 'cluster_feature', 'cluster_features']],
  role: [['permits', 'permits', 'permit', 'permits']],
  none: [],
} as const satisfies Record<string, readonly SubCollection[]>;

export type LinkKind = keyof typeof SUB_COLLECTIONS;

/** rel -> the attribute `follow` names it by (the same for every kind that has the rel). */
export const FOLLOW_ATTRIBUTES: ReadonlyMap<string, string | null> = new Map(
  (Object.values(SUB_COLLECTIONS) as readonly (readonly SubCollection[])[]).flatMap((list) =>
    list.map(([rel, , , attribute]) => [rel, attribute] as const)
  )
);

/** The `link` list of a representation at `base`. */
export function subCollectionLinks(base: string, kind: LinkKind): NodeObject[] {
  return links(
    base,
    SUB_COLLECTIONS[kind].map(([rel]) => rel)
  );
}
