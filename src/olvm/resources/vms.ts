/** /vms: lookups, partial update (HA, lease, placement), migrate, start, stop (§4). */
import { migrateBody, startBody, stopBody, vmPatchBody } from '../bodies';
import type { Vm, VmStatus } from '../model';
import { parseVm } from '../parse/vm';
import type { Json } from '../scalars';
import type { VmsResource, WriteOptions } from '../types';
import type { Api } from './api';
import { seg } from './api';
import { createCollection } from './collection';
import { waitForStatus } from './status-wait';

export function createVmsResource(api: Api): VmsResource {
  const collection = createCollection(api, { path: '/vms', key: 'vm', kind: 'VM', plural: 'VMs', parse: parseVm });
  const label = (id: string): string => api.names.label('VM', id);
  const action = (id: string, verb: string, body: Json, options: WriteOptions) =>
    api.action(`/vms/${seg(id)}/${verb}`, body, `${verb} of ${label(id)}`, options);
  return {
    ...collection,
    update: async (id, patch, options) =>
      api.write({
        method: 'PUT',
        path: `/vms/${seg(id)}`,
        query: options.isNextRun ? [['next_run', 'true']] : [],
        body: vmPatchBody(patch),
        operation: `update of ${label(id)}`,
        options,
        parse: parseVm,
      }),
    migrate: async (id, options) => action(id, 'migrate', migrateBody(options), options),
    start: async (id, options) => action(id, 'start', startBody(options), options),
    stop: async (id, options) => action(id, 'stop', stopBody(options), options),
    waitForStatus: async (id, statuses, options) => {
      const { value, trail } = await waitForStatus<VmStatus, Vm>({
        subject: label(id),
        read: () => collection.get(id, options.signal ? { signal: options.signal } : {}),
        statuses,
        options,
        clock: api.clock,
      });
      return { vm: value, trail };
    },
  };
}
