/** GET /hosts[/{id}] → Host (ovirt-api.md §3.1). */
import type { Host, HostedEngineInfo, HostStatus, SpmStatus } from '../model';
import {
  optional,
  readActionNames,
  readBoolean,
  readEnum,
  readNumber,
  readObject,
  readRef,
  readString,
} from '../scalars';
import type { Json } from '../scalars';
import { readIdentity, requireObject } from './common';

/** The engine's default SPM priority (`VdsStatic.HOST_DEFAULT_SPM_PRIORITY`). */
const DEFAULT_SPM_PRIORITY = 5;

export function parseHost(value: unknown): Host {
  const json = requireObject(value, 'host');
  const spm = readObject(json, 'spm');
  return {
    ...readIdentity(json, 'host'),
    ...optional('comment', readString(json, 'comment')),
    ...optional('address', readString(json, 'address')),
    status: readEnum<HostStatus>(json, 'status') ?? 'unassigned',
    ...optional('statusDetail', readString(json, 'status_detail')),
    ...optional('externalStatus', readEnum<string>(json, 'external_status')),
    spm: {
      priority: readNumber(spm, 'priority') ?? DEFAULT_SPM_PRIORITY,
      status: readEnum<SpmStatus>(spm, 'status') ?? 'none',
    },
    ...optional('cluster', readRef(json, 'cluster')),
    ...optional('type', readString(json, 'type')),
    ...optional('port', readNumber(json, 'port')),
    ...optional('memory', readNumber(json, 'memory')),
    ...optional('maxSchedulingMemory', readNumber(json, 'max_scheduling_memory')),
    ...optional('summary', parseSummary(readObject(json, 'summary'))),
    ...optional('powerManagement', parsePowerManagement(readObject(json, 'power_management'))),
    ...optional('hostedEngine', parseHostedEngine(readObject(json, 'hosted_engine'))),
    ...optional('isUpdateAvailable', readBoolean(json, 'update_available')),
    actions: readActionNames(json),
  };
}

function parseSummary(json: Json | undefined): Host['summary'] {
  if (!json) return undefined;
  return {
    active: readNumber(json, 'active') ?? 0,
    migrating: readNumber(json, 'migrating') ?? 0,
    total: readNumber(json, 'total') ?? 0,
  };
}

function parsePowerManagement(json: Json | undefined): Host['powerManagement'] {
  if (!json) return undefined;
  return {
    isEnabled: readBoolean(json, 'enabled') ?? false,
    ...optional('isAutomaticPmEnabled', readBoolean(json, 'automatic_pm_enabled')),
    ...optional('isKdumpDetection', readBoolean(json, 'kdump_detection')),
  };
}

function parseHostedEngine(json: Json | undefined): HostedEngineInfo | undefined {
  if (!json) return undefined;
  return {
    isConfigured: readBoolean(json, 'configured') ?? false,
    isActive: readBoolean(json, 'active') ?? false,
    score: readNumber(json, 'score') ?? 0,
    isGlobalMaintenance: readBoolean(json, 'global_maintenance') ?? false,
    isLocalMaintenance: readBoolean(json, 'local_maintenance') ?? false,
  };
}
