/** POST /hosts/{id}/install: reinstall a host in maintenance (or whose install failed). */
import { setHostStatus } from './host-status';
import { logEvent } from './audit-log';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { conflict } from './refusal';
import { TaskKind } from './task-kinds';
import type { World } from './world';

const REINSTALLABLE: readonly HostStatus[] = [
  HostStatus.MAINTENANCE,
  HostStatus.INSTALL_FAILED,
  HostStatus.NON_OPERATIONAL,
];

export function reinstallHost(world: World, host: HostRecord, activate: boolean): void {
  if (!REINSTALLABLE.includes(host.status)) throw conflict(Messages.hostStatusIllegal('install', host.status));
  startJob(world, `Installing Host ${host.name}`, {
    hostId: host.id,
    doneOn: [HostStatus.UP, HostStatus.MAINTENANCE],
    failOn: [HostStatus.INSTALL_FAILED],
  });
  setHostStatus(world, host, HostStatus.INSTALLING);
  logEvent(world, 'VDS_ANSIBLE_INSTALL_STARTED', { host });
  world.schedule(world.knobs.hostInstall, TaskKind.HOST_INSTALL_DONE, { hostId: host.id, activate });
  world.settle();
}
