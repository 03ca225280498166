/** VM representation (MODEL types/Vm.java, VmBase.java; ovirt-api.md §4.1). */
import type { VmRecord } from '../../world/model';
import type { NodeObject } from '../values';
import { actions, API_BASE, links, ref } from '../values';
import type { RenderContext } from './context';

export const VM_ACTIONS = [
  'start',
  'stop',
  'shutdown',
  'migrate',
  'cancelmigration',
  'reboot',
  'suspend',
  'maintenance',
];
const VM_LINKS = ['affinitylabels', 'diskattachments', 'nics', 'permissions', 'snapshots', 'statistics', 'tags'];

function placementPolicy(vm: VmRecord): NodeObject {
  const hosts = vm.placementHostIds.map((id) => ref('hosts', id));
  return { affinity: vm.placementAffinity, ...(hosts.length > 0 ? { hosts: { host: hosts } } : {}) };
}

function times(vm: VmRecord): NodeObject {
  return {
    creation_time: new Date(vm.creationTime),
    ...(vm.startTime !== undefined ? { start_time: new Date(vm.startTime) } : {}),
    ...(vm.stopTime !== undefined ? { stop_time: new Date(vm.stopTime) } : {}),
  };
}

export function renderVm(vm: VmRecord, _ctx: RenderContext): NodeObject {
  const base = `${API_BASE}/vms/${vm.id}`;
  const isRunning = vm.hostId !== undefined && vm.status !== 'down';
  return {
    href: base,
    id: vm.id,
    actions: actions(base, VM_ACTIONS),
    name: vm.name,
    description: vm.description,
    comment: vm.comment,
    link: links(base, VM_LINKS),
    cpu: { architecture: 'x86_64', topology: { cores: 1, sockets: vm.cpus ?? 1, threads: 1 } },
    ...times(vm),
    delete_protected: false,
    high_availability: { enabled: vm.haEnabled, priority: vm.haPriority },
    ...(vm.leaseStorageDomainId !== undefined
      ? { lease: { storage_domain: ref('storagedomains', vm.leaseStorageDomainId) } }
      : {}),
    memory: BigInt(vm.memory),
    next_run_configuration_exists: vm.nextRun !== undefined,
    origin: vm.origin,
    placement_policy: placementPolicy(vm),
    stateless: false,
    status: vm.status,
    ...(vm.stopReason !== undefined ? { stop_reason: vm.stopReason } : {}),
    storage_error_resume_behaviour: vm.resumeBehaviour,
    type: 'server',
    cluster: ref('clusters', vm.clusterId),
    ...(isRunning && vm.hostId !== undefined ? { host: ref('hosts', vm.hostId) } : {}),
  };
}

/** The next-run configuration (`GET /vms/{id}?next_run=true`): the VM with its pending changes applied. */
export function renderVmNextRun(vm: VmRecord, ctx: RenderContext): NodeObject {
  const body = renderVm(vm, ctx);
  if (vm.nextRun?.resumeBehaviour !== undefined) body['storage_error_resume_behaviour'] = vm.nextRun.resumeBehaviour;
  return body;
}
