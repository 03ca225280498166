/** The API root (`GET /ovirt-engine/api`): product info, summary, time and links to every collection. */
import { HostStatus, VmStatus } from '../../world/model';
import type { NodeObject } from '../values';
import { API_BASE, ref } from '../values';
import type { RenderContext } from './context';
import { ADMIN_USER_ID } from './jobs-events';

const ROOT_LINKS = ['clusters', 'datacenters', 'events', 'hosts', 'jobs', 'storagedomains', 'vms'];
const SEARCHABLE = ['clusters', 'datacenters', 'events', 'hosts', 'jobs', 'storagedomains', 'vms'];

export const PRODUCT_VERSION = { major: 4, minor: 5, build: 7, revision: 0, full_version: '4.5.7-1.el8' };

function rootLinks(): NodeObject[] {
  const plain = ROOT_LINKS.map((rel) => ({ href: `${API_BASE}/${rel}`, rel }));
  const search = SEARCHABLE.map((rel) => ({ href: `${API_BASE}/${rel}?search={query}`, rel: `${rel}/search` }));
  return [...plain, ...search];
}

export function renderRoot(ctx: RenderContext): NodeObject {
  const { state } = ctx.world;
  const upHosts = state.hosts.filter((h) => h.status === HostStatus.UP).length;
  const upVms = state.vms.filter((v) => v.status === VmStatus.UP).length;
  return {
    link: rootLinks(),
    authenticated_user: ref('users', ADMIN_USER_ID),
    effective_user: ref('users', ADMIN_USER_ID),
    product_info: {
      instance_id: state.dataCenter.id,
      name: 'oVirt Engine',
      vendor: 'ovirt.org',
      version: PRODUCT_VERSION,
    },
    special_objects: {
      blank_template: ref('templates', '00000000-0000-0000-0000-000000000000'),
      root_tag: ref('tags', '00000000-0000-0000-0000-000000000000'),
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
