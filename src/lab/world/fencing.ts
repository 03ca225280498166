/**
 * POST /hosts/{id}/fence (ovirt-api.md §3.6, §9.3): `manual` confirms the host was rebooted (its VMs are cleared,
 * HA VMs restart, the SPM role is released); start / stop / restart / status need power management.
 */
import { setHostStatus } from './host-status';
import { logEvent } from './audit-log';
import { clearHostVms } from './ha';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { rebootHost } from './monitoring';
import { conflict } from './refusal';
import { releaseSpm } from './spm';
import { TaskKind } from './task-kinds';
import type { World } from './world';

export const FenceType = {
  MANUAL: 'manual',
  START: 'start',
  STOP: 'stop',
  RESTART: 'restart',
  STATUS: 'status',
} as const;
export type FenceType = (typeof FenceType)[keyof typeof FenceType];

const MANUAL_FENCE_STATUSES: readonly HostStatus[] = [
  HostStatus.DOWN,
  HostStatus.INSTALL_FAILED,
  HostStatus.MAINTENANCE,
  HostStatus.NON_OPERATIONAL,
  HostStatus.NON_RESPONSIVE,
  HostStatus.REBOOT,
  HostStatus.INSTALLING,
  HostStatus.CONNECTING,
];

/** Returns the power status for `status`, nothing for the others. */
export function fenceHost(world: World, host: HostRecord, type: FenceType): 'on' | 'off' | undefined {
  if (type === FenceType.MANUAL) return confirmRebooted(world, host);
  if (!host.isPmEnabled) throw conflict(Messages.fenceDisabled());
  if (type === FenceType.STATUS) {
    if (!world.isBmcReachable(host)) return undefined;
    return host.physical.isPoweredOn ? 'on' : 'off';
  }
  if (!world.isBmcReachable(host)) throw conflict('Cannot fence Host. Failed to reach the power management agent.');
  startJob(world, `Executing Power Management command on Host ${host.name}`);
  if (type === FenceType.RESTART) {
    // A user's restart is 41 USER_VDS_RESTART; 121 is the engine's own (BLL pm/RestartVdsCommand.java l.203-208).
    logEvent(world, 'USER_VDS_RESTART', { host });
    if (host.status === HostStatus.MAINTENANCE) host.resumeStatus = HostStatus.MAINTENANCE;
    rebootHost(world, host);
  } else if (type === FenceType.STOP) {
    stopHost(world, host);
    logEvent(world, 'USER_VDS_STOP', { host });
  } else {
    startHost(world, host);
    logEvent(world, 'USER_VDS_START', { host });
  }
  world.settle();
  return undefined;
}

function confirmRebooted(world: World, host: HostRecord): undefined {
  if (!MANUAL_FENCE_STATUSES.includes(host.status)) throw conflict(Messages.manualFenceStatus());
  startJob(world, `Manual fence for Host ${host.name}`);
  logEvent(world, 'VDS_MANUAL_FENCE_STATUS', { host });
  clearHostVms(world, host, 'Host was manually fenced');
  releaseSpm(world, host);
  world.settle();
  return undefined;
}

function stopHost(world: World, host: HostRecord): void {
  if (host.status === HostStatus.MAINTENANCE) host.resumeStatus = HostStatus.MAINTENANCE;
  clearHostVms(world, host, 'Host was powered off');
  host.physical.isPoweredOn = false;
  setHostStatus(world, host, HostStatus.DOWN);
  world.physicalChanged();
}

function startHost(world: World, host: HostRecord): void {
  if (host.physical.isPoweredOn) return;
  host.physical.isPoweredOn = true;
  host.physical.isBooting = true;
  world.schedule(world.knobs.hostBoot, TaskKind.HOST_BOOTED, { hostId: host.id });
}
