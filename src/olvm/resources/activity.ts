/** /jobs and /events: what the engine did, found by correlation id or by index (§7.2-7.3). */
import { normalizeCorrelationId } from '../correlation';
import { parseEvent, parseJob } from '../parse/activity';
import type { EventsResource, JobsResource } from '../types';
import type { Api } from './api';
import { seg, signalOf } from './api';

export function createJobsResource(api: Api): JobsResource {
  const list: JobsResource['list'] = (options = {}) =>
    api.list({ path: '/jobs', key: 'job', parse: withName(parseJob), what: 'jobs', options });
  return {
    list,
    get: (id, options = {}) => api.get(`/jobs/${seg(id)}`, withName(parseJob), `job ${id}`, signalOf(options.signal)),
    findByCorrelationId: (correlationId, options = {}) =>
      list({ search: { correlation_id: normalizeCorrelationId(correlationId) }, ...signalOf(options.signal) }),
  };
}

export function createEventsResource(api: Api): EventsResource {
  return {
    list: (options = {}) =>
      api.list({ path: '/events', key: 'event', parse: withName(parseEvent), what: 'events', options }),
  };
}

/** Jobs and events have no name; the name book ignores them. */
function withName<T extends { id: string }>(parse: (value: unknown) => T): (value: unknown) => T & { name?: string } {
  return parse;
}
