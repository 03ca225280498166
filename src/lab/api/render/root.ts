/** The API root (`GET /ovirt-engine/api`): product info, summary, time and links to every collection. */
import { HostStatus, VmStatus } from '../../world/model';
import type { NodeObject } from '../values';
import { API_BASE, ref } from '../values';
import type { RenderContext } from './context';
import { ADMIN_USER_ID, BLANK_TEMPLATE_ID, ROOT_TAG_ID } from '../catalog/builtins';

/**
 * The root's links, in the engine's order, `true` for the searchable ones (ENGINE restapi/interface/definition
 * .../utils/ApiRootLinksCreator.java getLinks; LinkCreator adds `<rel>/search`, events with `;from={event_id}`).
 */
export const ROOT_COLLECTIONS: readonly (readonly [string, boolean])[] = [
  ['clusters', true],
  ['datacenters', true],
  ['events', true],
  ['hosts', true],
  ['networks', true],
  ['roles', false],
  ['storagedomains', true],
  ['tags', false],
  ['bookmarks', false],
  ['icons', false],
  ['templates', true],
  ['instancetypes', true],
  ['users', true],
  ['groups', true],
  ['domains', false],
  ['vmpools', true],
  ['vms', true],
  ['disks', true],
  ['jobs', false],
  ['storageconnections', false],
  ['vnicprofiles', false],
  ['diskprofiles', false],
  ['cpuprofiles', false],
  ['schedulingpolicyunits', false],
  ['schedulingpolicies', false],
  ['permissions', false],
  ['macpools', false],
  ['networkfilters', false],
  ['operatingsystems', false],
  ['externalhostproviders', false],
  ['openstackimageproviders', false],
  ['openstackvolumeproviders', false],
  ['openstacknetworkproviders', false],
  ['katelloerrata', false],
  ['affinitylabels', false],
  ['clusterlevels', false],
  ['imagetransfers', false],
  ['externalvmimports', false],
  ['externaltemplateimports', false],
];

export const PRODUCT_VERSION = { major: 4, minor: 5, build: 7, revision: 0, full_version: '4.5.7-1.el8' };

function rootLinks(): NodeObject[] {
  return ROOT_COLLECTIONS.flatMap(([rel, isSearchable]) => {
    const plain = { href: `${API_BASE}/${rel}`, rel };
    if (!isSearchable) return [plain];
    const matrix = rel === 'events' ? ';from={event_id}' : '';
    return [plain, { href: `${API_BASE}/${rel}${matrix}?search={query}`, rel: `${rel}/search` }];
  });
}

export function renderRoot(ctx: RenderContext): NodeObject {
  const { state } = ctx.world;
  const upHosts = state.hosts.filter((h) => h.status === HostStatus.UP).length;
  const upVms = state.vms.filter((v) => v.status === VmStatus.UP).length;
  return {
    link: rootLinks(),
    authenticated_user: ref('users', ADMIN_USER_ID),
    effective_user: ref('users', ADMIN_USER_ID),
    engine_backup: {},
    product_info: {
      instance_id: state.dataCenter.id,
      name: 'oVirt Engine',
      vendor: 'ovirt.org',
      version: PRODUCT_VERSION,
    },
    special_objects: {
      blank_template: ref('templates', BLANK_TEMPLATE_ID),
      root_tag: ref('tags', ROOT_TAG_ID),
    },
    summary: {
      hosts: { active: upHosts, total: state.hosts.length },
      storage_domains: { active: state.storageDomains.length, total: state.storageDomains.length },
      users: { active: 1, total: 1 },
      vms: { active: upVms, total: state.vms.length },
    },
    time: new Date(ctx.world.now()),
  };
}
