/** Job and event representations (MODEL types/Job.java, Event.java; ovirt-api.md §7.2, §11.1). */
import type { EventRecord, JobRecord } from '../../world/model';
import type { NodeObject } from '../values';
import { actions, API_BASE, links, ref } from '../values';

export const ADMIN_USER_ID = '0000002a-002a-002a-002a-0000000002a1';

export function renderJob(job: JobRecord): NodeObject {
  const base = `${API_BASE}/jobs/${job.id}`;
  return {
    href: base,
    id: job.id,
    actions: actions(base, ['clear', 'end']),
    description: job.description,
    link: links(base, ['steps']),
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
  return {
    href: `${API_BASE}/jobs/${job.id}/steps/${job.id}`,
    id: job.id,
    description: 'Executing',
    ...(job.endTime !== undefined ? { end_time: new Date(job.endTime) } : {}),
    external: false,
    number: 1,
    start_time: new Date(job.startTime),
    status: job.status,
    type: 'executing',
    job: ref('jobs', job.id),
  };
}

export function renderEvent(event: EventRecord): NodeObject {
  return {
    href: `${API_BASE}/events/${event.id}`,
    id: String(event.id),
    description: event.description,
    code: event.code,
    ...(event.correlationId !== undefined ? { correlation_id: event.correlationId } : {}),
    custom_id: -1,
    flood_rate: 30,
    origin: 'oVirt',
    severity: event.severity,
    time: new Date(event.time),
    ...(event.clusterId !== undefined ? { cluster: ref('clusters', event.clusterId) } : {}),
    ...(event.dataCenterId !== undefined ? { data_center: ref('datacenters', event.dataCenterId) } : {}),
    ...(event.hostId !== undefined ? { host: ref('hosts', event.hostId) } : {}),
    ...(event.hostName !== undefined && event.hostId === undefined ? { host: { name: event.hostName } } : {}),
    ...(event.storageDomainId !== undefined ? { storage_domain: ref('storagedomains', event.storageDomainId) } : {}),
    ...(event.vmId !== undefined ? { vm: ref('vms', event.vmId) } : {}),
    user: ref('users', ADMIN_USER_ID),
  };
}
