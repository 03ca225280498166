/**
 * Job, step and event representations (MODEL types/Job.java, Step.java, Event.java; ENGINE TYPES/JobMapper.java,
 * StepMapper.java, EventMapper.java; ovirt-api.md §7.2, §11.1).
 */
import type { EventRecord, JobRecord } from '../../world/model';
import type { World } from '../../world/world';
import { ADMIN_USER_ID, derivedId, INTERNAL_AUTHZ } from '../catalog/builtins';
import { subCollectionLinks } from '../links';
import type { NodeObject } from '../values';
import { actions, API_BASE, ref } from '../values';

/** MODEL services/JobService.java: both refuse the engine's own jobs (handlers/infrastructure.ts). */
export const JOB_ACTIONS = ['clear', 'end'] as const;

export function renderJob(job: JobRecord): NodeObject {
  const base = `${API_BASE}/jobs/${job.id}`;
  return {
    href: base,
    id: job.id,
    actions: actions(base, JOB_ACTIONS),
    description: job.description,
    link: subCollectionLinks(base, 'job'),
    auto_cleared: true,
    ...(job.endTime !== undefined ? { end_time: new Date(job.endTime) } : {}),
    external: false,
    last_updated: new Date(job.lastUpdated),
    start_time: new Date(job.startTime),
    status: job.status,
    owner: ref('users', ADMIN_USER_ID),
  };
}

export function renderStep(job: JobRecord): NodeObject {
  const id = derivedId('step', job.id);
  const base = `${API_BASE}/jobs/${job.id}/steps/${id}`;
  return {
    href: base,
    id,
    description: 'Executing',
    link: subCollectionLinks(base, 'step'),
    ...(job.endTime !== undefined ? { end_time: new Date(job.endTime) } : {}),
    external: false,
    number: 1,
    start_time: new Date(job.startTime),
    status: job.status,
    type: 'executing',
    job: ref('jobs', job.id),
  };
}

/** A host the entry names without an id (EventMapper sets the name alone). */
function hostByName(name: string | undefined): NodeObject | undefined {
  return name !== undefined ? { name } : undefined;
}

function named(path: string, id: string | undefined, name: string | undefined): NodeObject | undefined {
  if (id === undefined) return undefined;
  return { ...ref(path, id), ...(name !== undefined ? { name } : {}) };
}

/**
 * An audit log entry. The engine names the entities it links (the names it stored with the entry); a command a
 * user ran names the user (the lab's commands all come with a Correlation-Id), monitoring names none.
 */
export function renderEvent(event: EventRecord, world: World): NodeObject {
  const isUserCommand = event.correlationId !== undefined;
  return {
    href: `${API_BASE}/events/${event.id}`,
    id: String(event.id),
    description: event.description,
    code: event.code,
    ...(event.correlationId !== undefined ? { correlation_id: event.correlationId } : {}),
    custom_id: -1,
    flood_rate: 30,
    index: event.id,
    origin: 'oVirt',
    severity: event.severity,
    time: new Date(event.time),
    cluster: named('clusters', event.clusterId, world.state.cluster.name),
    data_center: named('datacenters', event.dataCenterId, world.state.dataCenter.name),
    host: named('hosts', event.hostId, world.host(event.hostId)?.name ?? event.hostName) ?? hostByName(event.hostName),
    storage_domain: named('storagedomains', event.storageDomainId, world.storageDomain(event.storageDomainId)?.name),
    ...(isUserCommand ? { user: { ...ref('users', ADMIN_USER_ID), name: `admin@${INTERNAL_AUTHZ}` } } : {}),
    vm: named('vms', event.vmId, world.vm(event.vmId)?.name),
  };
}
