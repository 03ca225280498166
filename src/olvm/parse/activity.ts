/** Jobs, events and action replies: what the engine did (ovirt-api.md §7). */
import type { ActionStatus, Event, Job, JobStatus } from '../model';
import { optional, readBoolean, readEnum, readEpochMs, readNumber, readObject, readRef, readString } from '../scalars';
import { OlvmParseError } from '../errors';
import { requireObject } from './common';

export function parseJob(value: unknown): Job {
  const json = requireObject(value, 'job');
  const id = readString(json, 'id');
  if (!id) throw new OlvmParseError('a job without an id');
  return {
    id,
    ...optional('href', readString(json, 'href')),
    ...optional('description', readString(json, 'description')),
    status: readEnum<JobStatus>(json, 'status') ?? 'unknown',
    isExternal: readBoolean(json, 'external') ?? false,
    isAutoCleared: readBoolean(json, 'auto_cleared') ?? false,
    ...optional('startTime', readEpochMs(json, 'start_time')),
    ...optional('endTime', readEpochMs(json, 'end_time')),
    ...optional('lastUpdated', readEpochMs(json, 'last_updated')),
    ...optional('owner', readRef(json, 'owner')),
  };
}

/** An event's `index` is its ordering key; older replies carry only `id`, which holds the same number. */
export function parseEvent(value: unknown): Event {
  const json = requireObject(value, 'event');
  const id = readString(json, 'id');
  if (!id) throw new OlvmParseError('an event without an id');
  const host = readRef(json, 'host');
  return {
    id,
    index: readNumber(json, 'index') ?? readNumber(json, 'id') ?? 0,
    code: readNumber(json, 'code') ?? 0,
    ...optional('severity', readEnum<string>(json, 'severity')),
    ...optional('description', readString(json, 'description')),
    ...optional('time', readEpochMs(json, 'time')),
    ...optional('correlationId', readString(json, 'correlation_id')),
    ...optional('origin', readString(json, 'origin')),
    ...optional('customId', readNumber(json, 'custom_id')),
    ...optional('host', host),
    ...optional('hostName', host === undefined ? readString(readObject(json, 'host'), 'name') : undefined),
    ...optional('vm', readRef(json, 'vm')),
    ...optional('cluster', readRef(json, 'cluster')),
    ...optional('dataCenter', readRef(json, 'data_center')),
    ...optional('storageDomain', readRef(json, 'storage_domain')),
    ...optional('user', readRef(json, 'user')),
  };
}

export interface ParsedAction {
  status: ActionStatus;
  job?: ReturnType<typeof readRef>;
  fault?: { reason?: string; detail?: string };
}

/**
 * An action reply echoes the request with `status` (+ `job`). A reply without `status` (the add-to-affinity-group
 * replies, an empty body) counts as complete; `failed` carries the engine's `fault`.
 */
export function parseActionReply(value: unknown): ParsedAction {
  const json = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const fault = readObject(json, 'fault');
  const status = readEnum<ActionStatus>(json, 'status') ?? (fault ? 'failed' : 'complete');
  return {
    status,
    ...optional('job', readRef(json, 'job')),
    ...optional(
      'fault',
      fault && {
        ...optional('reason', readString(fault, 'reason')),
        ...optional('detail', readString(fault, 'detail')),
      }
    ),
  };
}
