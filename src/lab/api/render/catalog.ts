/**
 * Representations of the engine's built-in objects (catalog/builtins.ts): the Blank template (ENGINE
 * TYPES/TemplateMapper.java), the root tag, the admin user and its domain (UserMapper, DirectoryMapper), the
 * default MAC pool, CPU and disk profiles, scheduling policy, cluster levels, operating systems, icons, the
 * SuperUser role and the admin's system permission.
 */
import type { ClusterRecord, StorageDomainRecord } from '../../world/model';
import {
  ADMIN_USER_ID,
  BLANK_TEMPLATE_ID,
  cpuProfileId,
  directoryId,
  diskProfileId,
  INTERNAL_AUTHZ,
  NONE_SCHEDULING_POLICY_ID,
  ROOT_TAG_ID,
  SUPER_USER_ROLE_ID,
} from '../catalog/builtins';
import { subCollectionLinks } from '../links';
import type { NodeObject } from '../values';
import { API_BASE, ref } from '../values';
import { renderVmBase, staticDisplay } from './vm-base';

const GIB = 1024 ** 3;
/** 01100_insert_vm_static.sql: the Blank template's creation date. */
const BLANK_CREATED = Date.parse('2008-04-01T00:00:00+03:00');
/** A 1x1 transparent PNG: the lab's stand-in for the OS icons. */
const ICON_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function identified(path: string, id: string, name: string, description?: string): NodeObject {
  return {
    href: `${API_BASE}/${path}/${id}`,
    id,
    name,
    ...(description !== undefined ? { description } : {}),
  };
}

export function renderBlankTemplate(): NodeObject {
  const base = `${API_BASE}/templates/${BLANK_TEMPLATE_ID}`;
  const config = renderVmBase(
    {
      id: BLANK_TEMPLATE_ID,
      name: 'Blank',
      description: 'Blank template',
      comment: '',
      memory: GIB,
      guaranteedMemory: GIB,
      maxMemory: 4 * GIB,
      creationTime: BLANK_CREATED,
      topology: { sockets: 1, cores: 1, threads: 1 },
      haEnabled: false,
      haPriority: 0,
      placementAffinity: 'migratable',
      placementHostIds: [],
      resumeBehaviour: 'auto_resume',
      origin: 'ovirt',
    },
    staticDisplay()
  );
  return {
    href: base,
    id: BLANK_TEMPLATE_ID,
    name: 'Blank',
    description: 'Blank template',
    comment: '',
    link: subCollectionLinks(base, 'template'),
    ...config,
    os: { boot: { devices: { device: ['hd'] } }, type: 'other' },
    status: 'ok',
    version: {
      version_name: 'base version',
      version_number: 1,
      base_template: ref('templates', BLANK_TEMPLATE_ID),
    },
  };
}

export function renderRootTag(): NodeObject {
  return identified('tags', ROOT_TAG_ID, 'root', 'root');
}

export function renderAdminUser(): NodeObject {
  const base = `${API_BASE}/users/${ADMIN_USER_ID}`;
  return {
    ...identified('users', ADMIN_USER_ID, 'admin'),
    link: subCollectionLinks(base, 'user'),
    domain_entry_id: directoryId(ADMIN_USER_ID),
    namespace: '*',
    principal: 'admin',
    user_name: `admin@${INTERNAL_AUTHZ}`,
    domain: { ...ref('domains', directoryId(INTERNAL_AUTHZ)), name: INTERNAL_AUTHZ },
  };
}

export function renderInternalDomain(): NodeObject {
  const id = directoryId(INTERNAL_AUTHZ);
  return {
    ...identified('domains', id, INTERNAL_AUTHZ),
    link: subCollectionLinks(`${API_BASE}/domains/${id}`, 'domain'),
  };
}

export function renderCpuProfile(cluster: ClusterRecord): NodeObject {
  const id = cpuProfileId(cluster.id);
  return {
    ...identified('cpuprofiles', id, cluster.name),
    link: subCollectionLinks(`${API_BASE}/cpuprofiles/${id}`, 'cpu_profile'),
    cluster: ref('clusters', cluster.id),
  };
}

export function renderDiskProfile(domain: StorageDomainRecord): NodeObject {
  const id = diskProfileId(domain.id);
  return {
    ...identified('diskprofiles', id, domain.name),
    link: subCollectionLinks(`${API_BASE}/diskprofiles/${id}`, 'disk_profile'),
    storage_domain: ref('storagedomains', domain.id),
  };
}

export function renderMacPool(id: string): NodeObject {
  return {
    ...identified('macpools', id, 'Default', 'Default MAC pool'),
    link: subCollectionLinks(`${API_BASE}/macpools/${id}`, 'mac_pool'),
    allow_duplicates: false,
    default_pool: true,
    ranges: { range: [{ from: '56:6f:1a:2b:00:00', to: '56:6f:1a:2b:ff:ff' }] },
  };
}

export function renderSchedulingPolicy(): NodeObject {
  const id = NONE_SCHEDULING_POLICY_ID;
  return {
    ...identified('schedulingpolicies', id, 'none', 'No load balancing operations'),
    link: subCollectionLinks(`${API_BASE}/schedulingpolicies/${id}`, 'scheduling_policy'),
    default_policy: true,
    locked: true,
    properties: {},
  };
}

export function renderClusterLevel(level: string, cpuType: string): NodeObject {
  return {
    href: `${API_BASE}/clusterlevels/${level}`,
    id: level,
    link: subCollectionLinks(`${API_BASE}/clusterlevels/${level}`, 'cluster_level'),
    cpu_types: { cpu_type: [{ architecture: 'x86_64', level: 13, name: cpuType }] },
  };
}

export function renderOperatingSystem(os: { id: number; name: string; description: string }): NodeObject {
  return { ...identified('operatingsystems', String(os.id), os.name, os.description) };
}

export function renderIcon(id: string): NodeObject {
  return { href: `${API_BASE}/icons/${id}`, id, data: ICON_PNG, media_type: 'image/png' };
}

export function renderSuperUserRole(): NodeObject {
  return {
    ...identified('roles', SUPER_USER_ROLE_ID, 'SuperUser', 'Roles management administrator'),
    link: subCollectionLinks(`${API_BASE}/roles/${SUPER_USER_ROLE_ID}`, 'role'),
    administrative: true,
    mutable: false,
  };
}

/** The admin's SuperUser permission on the whole system (00600_insert_permissions.sql). */
export function renderSystemPermission(): NodeObject {
  const id = '00000000-0000-0000-0000-000000000000';
  return {
    href: `${API_BASE}/permissions/${id}`,
    id,
    role: ref('roles', SUPER_USER_ROLE_ID),
    user: ref('users', ADMIN_USER_ID),
  };
}
