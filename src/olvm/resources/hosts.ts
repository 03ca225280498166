/** /hosts: lookups, add, update, maintenance, activation, SPM selection, manual fence confirmation (§3). */
import { deactivateBody, fenceBody, hostPatchBody, hostSpecBody } from '../bodies';
import type { Host, HostStatus } from '../model';
import { parseHost } from '../parse/host';
import type { Json } from '../scalars';
import type { HostsResource, WriteOptions } from '../types';
import type { Api } from './api';
import { seg, signalOf } from './api';
import { createCollection } from './collection';
import { waitForStatus } from './status-wait';

export function createHostsResource(api: Api): HostsResource {
  const collection = createCollection(api, {
    path: '/hosts',
    key: 'host',
    kind: 'host',
    plural: 'hosts',
    parse: parseHost,
  });
  const label = (id: string): string => api.names.label('host', id);
  const action = (id: string, name: string, verb: string, body: Json, options: WriteOptions) =>
    api.action(`/hosts/${seg(id)}/${name}`, body, `${verb} of ${label(id)}`, options);
  return {
    ...collection,
    add: async (spec, options) =>
      api.write({
        method: 'POST',
        path: '/hosts',
        query: flagQuery({ activate: options.isActivate, reboot: options.isReboot }),
        body: hostSpecBody(spec),
        operation: `add of host ${spec.name}`,
        options,
        parse: parseHost,
      }),
    update: async (id, patch, options) =>
      api.write({
        method: 'PUT',
        path: `/hosts/${seg(id)}`,
        body: hostPatchBody(patch),
        operation: `update of ${label(id)}`,
        options,
        parse: parseHost,
      }),
    remove: async (id, options) =>
      api.write({
        method: 'DELETE',
        path: `/hosts/${seg(id)}`,
        query: options.isForce ? [['force', 'true']] : [],
        operation: `removal of ${label(id)}`,
        options,
        parse: () => undefined,
      }),
    deactivate: async (id, options) => action(id, 'deactivate', 'deactivate', deactivateBody(options.reason), options),
    activate: async (id, options) => action(id, 'activate', 'activate', {}, options),
    forceSelectSpm: async (id, options) => action(id, 'forceselectspm', 'forceselectspm', {}, options),
    confirmManualFence: async (id, options) =>
      action(id, 'fence', 'manual fence confirmation', fenceBody('manual'), options),
    waitForStatus: async (id, statuses, options) => {
      const { value, trail } = await waitForStatus<HostStatus, Host>({
        subject: label(id),
        read: () => collection.get(id, signalOf(options.signal)),
        statuses,
        options,
        clock: api.clock,
      });
      return { host: value, trail };
    },
  };
}

/** Secondary parameters of an add go in the query string (§0.2). */
function flagQuery(flags: Record<string, boolean | undefined>): Array<[string, string]> {
  return Object.entries(flags)
    .filter((entry): entry is [string, boolean] => entry[1] !== undefined)
    .map(([key, value]) => [key, String(value)]);
}
