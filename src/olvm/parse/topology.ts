/** Data centers, clusters and storage domains (ovirt-api.md §6). */
import type { Cluster, DataCenter, DataCenterStatus, StorageDomain, StorageDomainStatus, Version } from '../model';
import { optional, readBoolean, readEnum, readNumber, readObject, readRef, readRefs, readString } from '../scalars';
import type { Json } from '../scalars';
import { readIdentity, requireObject } from './common';

export function parseDataCenter(value: unknown): DataCenter {
  const json = requireObject(value, 'data center');
  return {
    ...readIdentity(json, 'data center'),
    status: readEnum<DataCenterStatus>(json, 'status') ?? 'uninitialized',
    isLocal: readBoolean(json, 'local') ?? false,
    ...optional('version', parseVersion(readObject(json, 'version'))),
    ...optional('storageFormat', readString(json, 'storage_format')),
    ...optional('quotaMode', readString(json, 'quota_mode')),
  };
}

export function parseCluster(value: unknown): Cluster {
  const json = requireObject(value, 'cluster');
  const cpu = readObject(json, 'cpu');
  const errorHandling = readObject(json, 'error_handling');
  return {
    ...readIdentity(json, 'cluster'),
    ...optional('dataCenter', readRef(json, 'data_center')),
    ...optional(
      'cpu',
      cpu && {
        ...optional('architecture', readString(cpu, 'architecture')),
        ...optional('type', readString(cpu, 'type')),
      }
    ),
    ...optional('version', parseVersion(readObject(json, 'version'))),
    ...optional('errorHandling', errorHandling && optional('onError', readEnum<string>(errorHandling, 'on_error'))),
    ...optional('fencingPolicy', parseFencingPolicy(readObject(json, 'fencing_policy'))),
    ...optional('schedulingPolicy', readRef(json, 'scheduling_policy')),
    ...optional('isHaReservation', readBoolean(json, 'ha_reservation')),
    ...optional('isUpgradeInProgress', readBoolean(json, 'upgrade_in_progress')),
    ...optional('memoryPolicy', parseMemoryPolicy(readObject(json, 'memory_policy'))),
  };
}

/** `memory_policy.over_commit.percent` (MODEL types/MemoryPolicy.java, MemoryOverCommit.java). */
function parseMemoryPolicy(json: Json | undefined): Cluster['memoryPolicy'] {
  if (!json) return undefined;
  return optional('overCommitPercent', readNumber(readObject(json, 'over_commit'), 'percent'));
}

function parseFencingPolicy(json: Json | undefined): Cluster['fencingPolicy'] {
  if (!json) return undefined;
  const connectivity = readObject(json, 'skip_if_connectivity_broken');
  return {
    isEnabled: readBoolean(json, 'enabled') ?? false,
    ...optional('isSkipIfSdActive', readBoolean(readObject(json, 'skip_if_sd_active'), 'enabled')),
    ...optional('isSkipIfConnectivityBroken', readBoolean(connectivity, 'enabled')),
    ...optional('connectivityThreshold', readNumber(connectivity, 'threshold')),
  };
}

export function parseStorageDomain(value: unknown): StorageDomain {
  const json = requireObject(value, 'storage domain');
  const storage = readObject(json, 'storage');
  return {
    ...readIdentity(json, 'storage domain'),
    ...optional('type', readEnum<string>(json, 'type')),
    ...optional('status', readEnum<StorageDomainStatus>(json, 'status')),
    isMaster: readBoolean(json, 'master') ?? false,
    ...optional('externalStatus', readEnum<string>(json, 'external_status')),
    ...optional('storageFormat', readString(json, 'storage_format')),
    ...optional('storage', storage && parseHostStorage(storage)),
    ...optional('available', readNumber(json, 'available')),
    ...optional('used', readNumber(json, 'used')),
    ...optional('committed', readNumber(json, 'committed')),
    dataCenters: readRefs(json, 'data_centers', 'data_center'),
  };
}

function parseHostStorage(json: Json): StorageDomain['storage'] {
  return {
    ...optional('type', readEnum<string>(json, 'type')),
    ...optional('address', readString(json, 'address')),
    ...optional('path', readString(json, 'path')),
  };
}

export function parseVersion(json: Json | undefined): Version | undefined {
  if (!json) return undefined;
  const major = readNumber(json, 'major');
  const minor = readNumber(json, 'minor');
  if (major === undefined || minor === undefined) return undefined;
  return {
    major,
    minor,
    ...optional('build', readNumber(json, 'build')),
    ...optional('revision', readNumber(json, 'revision')),
    ...optional('fullVersion', readString(json, 'full_version')),
  };
}
