/**
 * VM representation (MODEL types/Vm.java, VmBase.java; ENGINE TYPES/VmMapper.java map(VM) over VmBaseMapper;
 * ovirt-api.md §4.1): the static configuration of a server VM made from the Blank template, plus what the engine
 * knows while it runs (host, start time, the console's address and ports).
 */
import { vmCpus } from '../../world/capacity';
import type { VmRecord } from '../../world/model';
import { VmStatus } from '../../world/model';
import { BLANK_TEMPLATE_ID, cpuProfileId, osIconIds, VM_OS } from '../catalog/builtins';
import { subCollectionLinks } from '../links';
import type { NodeObject } from '../values';
import { actions, API_BASE, ref } from '../values';
import type { RenderContext } from './context';
import { renderVmBase, staticDisplay } from './vm-base';
import { renderVmOvf } from './vm-ovf';

/** The actions the lab serves (MODEL services/VmService.java lists more; the lab lists only what it serves). */
export const VM_ACTIONS = [
  'cancelmigration',
  'maintenance',
  'migrate',
  'reboot',
  'shutdown',
  'start',
  'stop',
  'ticket',
] as const;
/** SPICE: the plain and TLS ports libvirt hands out from 5900 on (the engine reports both). */
const FIRST_DISPLAY_PORT = 5900;

/** A VM's vCPUs as the scheduler counts them (capacity.ts vmCpus): one socket each, one core, one thread. */
export function vmTopology(vm: VmRecord): { sockets: number; cores: number; threads: number } {
  return { sockets: vmCpus(vm), cores: 1, threads: 1 };
}

function isRunning(vm: VmRecord): boolean {
  return vm.hostId !== undefined && vm.status !== VmStatus.DOWN;
}

/** While the VM runs, the console listens on its host (VmMapper: graphics info of the running VM). */
function runningDisplay(vm: VmRecord, ctx: RenderContext): NodeObject {
  const display = staticDisplay();
  const host = ctx.world.host(vm.hostId);
  if (!isRunning(vm) || host === undefined) return display;
  const index = ctx.world.vmsOnHost(host.id).findIndex((v) => v.id === vm.id);
  const port = FIRST_DISPLAY_PORT + 2 * Math.max(0, index);
  return { ...display, address: host.address, port, secure_port: port + 1 };
}

function times(vm: VmRecord): NodeObject {
  return {
    ...(isRunning(vm) && vm.startTime !== undefined ? { start_time: new Date(vm.startTime) } : {}),
    ...(vm.stopTime !== undefined ? { stop_time: new Date(vm.stopTime) } : {}),
  };
}

export function renderVm(vm: VmRecord, ctx: RenderContext): NodeObject {
  const base = `${API_BASE}/vms/${vm.id}`;
  const running = isRunning(vm);
  const config = renderVmBase(
    {
      ...vm,
      guaranteedMemory: vm.memory,
      maxMemory: 4 * vm.memory,
      topology: vmTopology(vm),
      leaseStorageDomainId: vm.leaseStorageDomainId,
      resumeBehaviour: vm.resumeBehaviour,
      cpuProfileId: cpuProfileId(vm.clusterId),
      icons: osIconIds(VM_OS.name),
    },
    runningDisplay(vm, ctx)
  );
  return {
    href: base,
    id: vm.id,
    actions: actions(base, VM_ACTIONS),
    name: vm.name,
    description: vm.description,
    comment: vm.comment,
    link: subCollectionLinks(base, 'vm'),
    ...config,
    next_run_configuration_exists: vm.nextRun !== undefined,
    // all_content: the OVF (BackendVmsResource.setVmOvfConfiguration, VmMapper.map(String, ConfigurationType, Vm)).
    ...(ctx.isAllContent ? { initialization: { configuration: { data: renderVmOvf(vm), type: 'ovf' } } } : {}),
    os: { boot: { devices: { device: ['hd'] } }, type: VM_OS.name },
    ...(running ? { run_once: false } : {}),
    status: vm.status,
    ...(vm.stopReason !== undefined ? { stop_reason: vm.stopReason } : {}),
    ...times(vm),
    ...(running ? { host: ref('hosts', vm.hostId ?? '') } : {}),
    original_template: ref('templates', BLANK_TEMPLATE_ID),
    template: ref('templates', BLANK_TEMPLATE_ID),
  };
}

/** The next-run configuration (`GET /vms/{id}?next_run=true`): the VM with its pending changes applied. */
export function renderVmNextRun(vm: VmRecord, ctx: RenderContext): NodeObject {
  const body = renderVm(vm, ctx);
  if (vm.nextRun?.resumeBehaviour !== undefined) body['storage_error_resume_behaviour'] = vm.nextRun.resumeBehaviour;
  return body;
}
