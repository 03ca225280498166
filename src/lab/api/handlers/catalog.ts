/**
 * The root's other collections (render/root.ts ROOT_COLLECTIONS): the engine's built-in objects where it has
 * them (the Blank template, the root tag, the admin user, ...; render/catalog.ts), empty where a fresh engine
 * has nothing the lab models (bookmarks, disks, pools, providers, ...). Search works as on the world's
 * collections; `externalvmimports` and `externaltemplateimports` only take POST in the engine, so GET is 405.
 */
import type { World } from '../../world/world';
import { ApiFault } from '../api-fault';
import { CLUSTER_LEVELS, DEFAULT_MAC_POOL_ID, osIconIds, OTHER_OS, VM_OS } from '../catalog/builtins';
import {
  renderAdminUser,
  renderBlankTemplate,
  renderClusterLevel,
  renderCpuProfile,
  renderDiskProfile,
  renderIcon,
  renderInternalDomain,
  renderMacPool,
  renderOperatingSystem,
  renderRootTag,
  renderSchedulingPolicy,
  renderSuperUserRole,
  renderSystemPermission,
} from '../render/catalog';
import { CLUSTER_CPU_TYPE } from '../render/host-facts';
import type { ResourceDef } from '../resources';
import type { Router } from '../router';
import type { SearchFields } from '../search-eval';
import type { NodeObject } from '../values';
import { getResource, listResource } from './read';

type Lister = (world: World) => NodeObject[];

interface CatalogEntry {
  segment: string;
  plural: string;
  item: string;
  list: Lister;
  /** Search fields beyond the common ones, given the world. */
  fields?: (world: World) => SearchFields<NodeObject>;
}

function text(node: NodeObject, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

/** name, id, description and comment, which every searchable type has. */
const COMMON_FIELDS: SearchFields<NodeObject> = {
  name: { read: (n) => text(n, 'name') },
  id: { read: (n) => text(n, 'id') },
  description: { read: (n) => text(n, 'description') },
  comment: { read: (n) => text(n, 'comment') },
  status: { read: (n) => text(n, 'status'), isEnum: true },
  usrname: { read: (n) => text(n, 'user_name') },
};

const none: Lister = () => [];

/**
 * The Blank template is every VM's template and exists in every data center: `vm.name=X` finds it for any VM
 * (ovirt_vm reads a VM's template that way), `datacenter=Y` for the lab's data center.
 */
function templateFields(world: World): SearchFields<NodeObject> {
  return {
    vm: { read: () => world.state.vms.map((vm) => vm.name) },
    datacenter: { read: () => world.state.dataCenter.name },
    cluster: { read: () => world.state.cluster.name },
  };
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    segment: 'templates',
    plural: 'templates',
    item: 'template',
    list: () => [renderBlankTemplate()],
    fields: templateFields,
  },
  { segment: 'tags', plural: 'tags', item: 'tag', list: () => [renderRootTag()] },
  { segment: 'users', plural: 'users', item: 'user', list: () => [renderAdminUser()] },
  { segment: 'domains', plural: 'domains', item: 'domain', list: () => [renderInternalDomain()] },
  { segment: 'roles', plural: 'roles', item: 'role', list: () => [renderSuperUserRole()] },
  { segment: 'permissions', plural: 'permissions', item: 'permission', list: () => [renderSystemPermission()] },
  { segment: 'macpools', plural: 'mac_pools', item: 'mac_pool', list: () => [renderMacPool(DEFAULT_MAC_POOL_ID)] },
  {
    segment: 'cpuprofiles',
    plural: 'cpu_profiles',
    item: 'cpu_profile',
    list: (w) => [renderCpuProfile(w.state.cluster)],
  },
  {
    segment: 'diskprofiles',
    plural: 'disk_profiles',
    item: 'disk_profile',
    list: (w) => w.state.storageDomains.map(renderDiskProfile),
  },
  {
    segment: 'schedulingpolicies',
    plural: 'scheduling_policies',
    item: 'scheduling_policy',
    list: () => [renderSchedulingPolicy()],
  },
  {
    segment: 'clusterlevels',
    plural: 'cluster_levels',
    item: 'cluster_level',
    list: () => CLUSTER_LEVELS.map((level) => renderClusterLevel(level, CLUSTER_CPU_TYPE)),
  },
  {
    segment: 'operatingsystems',
    plural: 'operation_systems',
    item: 'operating_system',
    list: () => [OTHER_OS, VM_OS].map(renderOperatingSystem),
  },
  {
    segment: 'icons',
    plural: 'icons',
    item: 'icon',
    list: () => Object.values(osIconIds(VM_OS.name)).map(renderIcon),
  },
  { segment: 'bookmarks', plural: 'bookmarks', item: 'bookmark', list: none },
  { segment: 'groups', plural: 'groups', item: 'group', list: none },
  { segment: 'instancetypes', plural: 'instance_types', item: 'instance_type', list: none },
  { segment: 'vmpools', plural: 'vm_pools', item: 'vm_pool', list: none },
  { segment: 'disks', plural: 'disks', item: 'disk', list: none },
  { segment: 'networks', plural: 'networks', item: 'network', list: none },
  { segment: 'storageconnections', plural: 'storage_connections', item: 'storage_connection', list: none },
  { segment: 'vnicprofiles', plural: 'vnic_profiles', item: 'vnic_profile', list: none },
  {
    segment: 'schedulingpolicyunits',
    plural: 'scheduling_policy_units',
    item: 'scheduling_policy_unit',
    list: none,
  },
  { segment: 'networkfilters', plural: 'network_filters', item: 'network_filter', list: none },
  {
    segment: 'externalhostproviders',
    plural: 'external_host_providers',
    item: 'external_host_provider',
    list: none,
  },
  {
    segment: 'openstackimageproviders',
    plural: 'openstack_image_providers',
    item: 'openstack_image_provider',
    list: none,
  },
  {
    segment: 'openstackvolumeproviders',
    plural: 'openstack_volume_providers',
    item: 'openstack_volume_provider',
    list: none,
  },
  {
    segment: 'openstacknetworkproviders',
    plural: 'openstack_network_providers',
    item: 'openstack_network_provider',
    list: none,
  },
  { segment: 'katelloerrata', plural: 'katello_errata', item: 'katello_erratum', list: none },
  { segment: 'affinitylabels', plural: 'affinity_labels', item: 'affinity_label', list: none },
  { segment: 'imagetransfers', plural: 'image_transfers', item: 'image_transfer', list: none },
];

export function catalogDef(entry: CatalogEntry, world?: World): ResourceDef<NodeObject> {
  return {
    segment: entry.segment,
    type: entry.item,
    plural: entry.plural,
    list: entry.list,
    find: (world, id) => entry.list(world).find((node) => node['id'] === id),
    render: (node) => node,
    fields: { ...COMMON_FIELDS, ...(world !== undefined ? entry.fields?.(world) : {}) },
  };
}

export function registerCatalogRoutes(router: Router): void {
  for (const entry of CATALOG) {
    router
      .add('GET', entry.segment, (req) => listResource(catalogDef(entry, req.world), req))
      .add('GET', `${entry.segment}/:id`, (req, [id]) => getResource(catalogDef(entry, req.world), req, id ?? ''));
  }
  for (const segment of ['externalvmimports', 'externaltemplateimports']) {
    router.add('GET', segment, () => {
      throw new ApiFault(405, 'Method Not Allowed', `[GET is not supported here]`);
    });
  }
}
