/**
 * Host lifecycle commands: add (install), update, remove, activate (ovirt-api.md §3.3-3.6, §11.3).
 */
import { bringHostUp, enterMaintenance, setHostStatus } from './host-status';
import { logEvent } from './audit-log';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { HostRecord, PendingHost } from './model';
import { HostStatus } from './model';
import { admitHost } from './preset';
import { badParameters, conflict } from './refusal';
import { TaskKind } from './task-kinds';
import type { World } from './world';

const DEFAULT_SPM_PRIORITY = 5;
const DEFAULT_HOST_MEMORY = 64 * 1024 ** 3;

export interface AddHostInput {
  name: string;
  address: string;
  spmPriority?: number;
  activate: boolean;
  comment?: string;
  description?: string;
  isPmEnabled?: boolean;
}

function checkSpmPriority(priority: number | undefined): void {
  if (priority !== undefined && (priority < -1 || priority > 10)) throw badParameters(Messages.spmPriorityRange());
}

function findPending(world: World, input: AddHostInput): PendingHost {
  const byAddress = world.state.pendingHosts.filter((p) => p.address === input.address);
  const known =
    world.state.pendingHosts.find((p) => p.name === input.name) ?? (byAddress.length === 1 ? byAddress[0] : undefined);
  if (known !== undefined) {
    known.name = input.name;
    known.address = input.address;
    return known;
  }
  // Not an inventory machine: nothing answers at that address, so the install will fail.
  const stranger: PendingHost = {
    name: input.name,
    address: input.address,
    memory: DEFAULT_HOST_MEMORY,
    isHostedEngine: false,
    physical: { isPoweredOn: false, isCutOff: false },
  };
  world.state.pendingHosts.push(stranger);
  return stranger;
}

/**
 * HostValidator.hostNameNotUsed: one address, one host (the engine compares its `host_name`, the address, within the
 * cluster; BLL validator/HostValidator.java l.82-85, UpdateHostValidator.java l.70-77).
 */
function checkAddressFree(world: World, address: string, action: string, except?: HostRecord): void {
  const other = world.state.hosts.find((h) => h !== except && h.address.toLowerCase() === address.toLowerCase());
  if (other !== undefined) throw conflict(Messages.hostAddressInUse(action));
}

export function addHost(world: World, input: AddHostInput): HostRecord {
  if (world.hostByName(input.name)) throw conflict(Messages.nameInUse('Host'));
  checkAddressFree(world, input.address, 'add');
  checkSpmPriority(input.spmPriority);
  const pending = findPending(world, input);
  const host = admitHost(world, pending, input.spmPriority ?? DEFAULT_SPM_PRIORITY);
  host.comment = input.comment ?? '';
  host.description = input.description ?? '';
  host.isPmEnabled = input.isPmEnabled ?? false;
  const job = `Adding new Host ${host.name} to Cluster ${world.state.cluster.name}`;
  startJob(world, job, {
    hostId: host.id,
    doneOn: [HostStatus.UP, HostStatus.MAINTENANCE],
    failOn: [HostStatus.INSTALL_FAILED],
  });
  logEvent(world, 'USER_ADD_VDS', { host });
  logEvent(world, 'VDS_ANSIBLE_INSTALL_STARTED', { host });
  world.schedule(world.knobs.hostInstall, TaskKind.HOST_INSTALL_DONE, { hostId: host.id, activate: input.activate });
  return host;
}

/** Task: the deploy finished; ask the simulated host (SSH side) whether it worked. */
export function finishInstall(world: World, hostId: string, activate: boolean): void {
  const host = world.host(hostId);
  if (host === undefined || host.status !== HostStatus.INSTALLING) return;
  if (!world.isHostReachable(host)) return failInstall(world, host, 'Failed to establish SSH session to the host');
  const verdict = world.hostInstallCheck(host.name);
  const correlationId = world.correlationId;
  if (typeof verdict === 'string') return applyVerdict(world, host, verdict, activate);
  void verdict.then(
    (answer) => world.withCorrelation(correlationId, () => applyVerdict(world, host, answer, activate)),
    (error: unknown) => world.withCorrelation(correlationId, () => applyVerdict(world, host, String(error), activate))
  );
}

function applyVerdict(world: World, host: HostRecord, verdict: string, activate: boolean): void {
  if (host.status !== HostStatus.INSTALLING) return;
  if (verdict !== 'ok') return failInstall(world, host, verdict);
  logEvent(world, 'VDS_ANSIBLE_INSTALL_FINISHED', { host });
  logEvent(world, 'VDS_INSTALL', { host });
  if (!activate) enterMaintenance(world, host);
  else {
    setHostStatus(world, host, HostStatus.INITIALIZING);
    world.schedule(world.knobs.hostInitializing, TaskKind.HOST_INITIALIZED, { hostId: host.id });
  }
  world.settle();
}

function failInstall(world: World, host: HostRecord, reason: string): void {
  setHostStatus(world, host, HostStatus.INSTALL_FAILED);
  logEvent(world, 'VDS_INSTALL_FAILED', { host, values: { FailedInstallMessage: reason } });
  world.settle();
}

/** Task: initializing/unassigned finished; up if the host answers, else the loss detection takes over. */
export function finishInitializing(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined) return;
  if (host.status !== HostStatus.INITIALIZING && host.status !== HostStatus.UNASSIGNED) return;
  if (world.isHostReachable(host)) bringHostUp(world, host);
  else world.schedule(world.knobs.hostRefresh, TaskKind.HOST_CONNECTING, { hostId: host.id });
}

export function activateHost(world: World, host: HostRecord): void {
  if (host.status === HostStatus.UP) throw conflict(Messages.hostAlreadyUp());
  if (host.status === HostStatus.NON_RESPONSIVE) throw conflict(Messages.hostNonResponsive('activate'));
  const allowed: HostStatus[] = [
    HostStatus.MAINTENANCE,
    HostStatus.PREPARING_FOR_MAINTENANCE,
    HostStatus.NON_OPERATIONAL,
    HostStatus.ERROR,
    HostStatus.DOWN,
  ];
  if (!allowed.includes(host.status)) throw conflict(Messages.hostStatusIllegal('activate', host.status));
  startJob(world, `Invoking Activate Host ${host.name}`, {
    hostId: host.id,
    doneOn: [HostStatus.UP],
    failOn: [HostStatus.NON_RESPONSIVE],
  });
  world.cancelTasks(TaskKind.MAINTENANCE_RETRY, 'hostId', host.id);
  setHostStatus(world, host, HostStatus.UNASSIGNED);
  host.isLocalMaintenance = false;
  logEvent(world, 'VDS_ACTIVATE', { host });
  world.schedule(world.knobs.activateUnassigned, TaskKind.HOST_ACTIVATE_STEP, { hostId: host.id });
  world.settle();
}

/** Task: unassigned -> initializing (then finishInitializing). */
export function continueActivation(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.UNASSIGNED) return;
  setHostStatus(world, host, HostStatus.INITIALIZING);
  world.schedule(world.knobs.activateInitializing, TaskKind.HOST_INITIALIZED, { hostId: host.id });
}

export interface UpdateHostInput {
  name?: string;
  comment?: string;
  description?: string;
  address?: string;
  spmPriority?: number;
  isPmEnabled?: boolean;
}

export function updateHost(world: World, host: HostRecord, input: UpdateHostInput): void {
  checkSpmPriority(input.spmPriority);
  const isNewAddress = input.address !== undefined && input.address !== host.address;
  // UpdateVdsCommand.validate: the address may change only after a failed install, then it must be free.
  if (isNewAddress && host.status !== HostStatus.INSTALL_FAILED)
    throw badParameters(Messages.hostAddressCannotChange());
  if (input.name !== undefined && input.name !== host.name && world.hostByName(input.name)) {
    throw conflict(Messages.nameInUse('Host').replace('Cannot add', 'Cannot edit'));
  }
  if (isNewAddress && input.address !== undefined) checkAddressFree(world, input.address, 'edit', host);
  if (input.name !== undefined) host.name = input.name;
  if (input.comment !== undefined) host.comment = input.comment;
  if (input.description !== undefined) host.description = input.description;
  if (input.address !== undefined) host.address = input.address;
  if (input.spmPriority !== undefined) host.spmPriority = input.spmPriority;
  if (input.isPmEnabled !== undefined) host.isPmEnabled = input.isPmEnabled;
  startJob(world, `Editing Host ${host.name}`);
  logEvent(world, 'USER_UPDATE_VDS', { host });
  world.settle();
}

const REMOVABLE: readonly HostStatus[] = [
  HostStatus.NON_RESPONSIVE,
  HostStatus.MAINTENANCE,
  HostStatus.DOWN,
  HostStatus.UNASSIGNED,
  HostStatus.INSTALL_FAILED,
  HostStatus.NON_OPERATIONAL,
];

export function removeHost(world: World, host: HostRecord): void {
  if (!REMOVABLE.includes(host.status)) throw conflict(Messages.removeOperational());
  if (world.vmsOnHost(host.id).length > 0) throw conflict(Messages.removeRunningVms());
  world.state.hosts = world.state.hosts.filter((h) => h !== host);
  world.state.pendingHosts.push({
    name: host.name,
    address: host.address,
    ...(host.site !== undefined ? { site: host.site } : {}),
    memory: host.memory,
    ...(host.cpu !== undefined ? { cpu: host.cpu } : {}),
    isHostedEngine: host.isHostedEngine,
    physical: host.physical,
  });
  for (const group of world.state.affinityGroups) group.hostIds = group.hostIds.filter((id) => id !== host.id);
  for (const vm of world.state.vms) vm.placementHostIds = vm.placementHostIds.filter((id) => id !== host.id);
  world.clock.cancel((task) => task.payload['hostId'] === host.id);
  startJob(world, `Removing Host ${host.name}`);
  logEvent(world, 'USER_REMOVE_VDS', { host });
  world.settle();
}
