/**
 * The objects every engine has from its installation on (ENGINE packaging/dbscripts/data/*.sql, the internal
 * authz extension, osinfo-defaults.properties), and the ids of objects the engine creates with a cluster or a
 * storage domain (their CPU and disk profiles) or from the OS defaults (icons). Ids the engine generates at
 * random are derived here from what they belong to, so they stay stable across lab restarts.
 */
import { createHash } from 'node:crypto';

/** The Blank template and the root tag (ENGINE RESTAPI/resource/BackendApiResource.java special objects). */
export const BLANK_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';
export const ROOT_TAG_ID = '00000000-0000-0000-0000-000000000000';
/** 00210_insert_mac_pools.sql. */
export const DEFAULT_MAC_POOL_ID = '58ca604b-017d-0374-0220-00000000014e';
/** The `none` cluster policy of 00400_insert_cluster.sql. */
export const NONE_SCHEDULING_POLICY_ID = 'b4ed2332-a7ac-4d5f-9596-99a439cb2812';
/** 00500_insert_roles.sql: SuperUser. */
export const SUPER_USER_ROLE_ID = '00000000-0000-0000-0000-000000000001';
export const ADMIN_USER_ID = '0000002a-002a-002a-002a-0000000002a1';
export const INTERNAL_AUTHZ = 'internal-authz';
/** osinfo-defaults.properties: the OS the lab's VMs run. */
export const VM_OS = { id: 30, name: 'rhel_8x64', description: 'Red Hat Enterprise Linux 8.x x64' } as const;
export const OTHER_OS = { id: 0, name: 'other', description: 'Other OS' } as const;
/** The cluster compatibility levels an OLVM 4.5 engine offers. */
export const CLUSTER_LEVELS = ['4.2', '4.3', '4.4', '4.5', '4.6', '4.7'] as const;

/** DirectoryEntryIdUtils.encode: the upper-case hex of the UTF-8 bytes. */
export function directoryId(name: string): string {
  return Buffer.from(name, 'utf8').toString('hex').toUpperCase();
}

/** A stable UUID for an object the engine would create with a random one. */
export function derivedId(kind: string, owner: string): string {
  const hex = createHash('sha256').update(`${kind}:${owner}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** AddCluster creates a CPU profile named after the cluster; AddStorageDomain a disk profile after the domain. */
export function cpuProfileId(clusterId: string): string {
  return derivedId('cpu_profile', clusterId);
}

export function diskProfileId(storageDomainId: string): string {
  return derivedId('disk_profile', storageDomainId);
}

/** The small and large icons of an operating system (vm_icon_defaults). */
export function osIconIds(osName: string): { small: string; large: string } {
  return { small: derivedId('icon-small', osName), large: derivedId('icon-large', osName) };
}
