/**
 * POST /hosts/{id}/install: reinstall a host in maintenance (or whose install failed), with the credentials and
 * hosted-engine action given (InstallVdsCommand = UpdateVdsCommand with install: no SSH login before it starts,
 * so a refused login fails the install itself; host-deploy.ts).
 */
import { setHostStatus } from './host-status';
import type { InstallRequest } from './host-deploy';
import { startInstall, validateInstall } from './host-deploy';
import { logEvent } from './audit-log';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { conflict } from './refusal';
import type { World } from './world';

const REINSTALLABLE: readonly HostStatus[] = [
  HostStatus.MAINTENANCE,
  HostStatus.INSTALL_FAILED,
  HostStatus.NON_OPERATIONAL,
];

export function reinstallHost(world: World, host: HostRecord, request: InstallRequest): void {
  if (!REINSTALLABLE.includes(host.status)) throw conflict(Messages.hostStatusIllegal('install', host.status));
  validateInstall(world, request, 'update');
  startJob(world, `Installing Host ${host.name}`, {
    hostId: host.id,
    doneOn: [HostStatus.UP, HostStatus.MAINTENANCE],
    failOn: [HostStatus.INSTALL_FAILED],
  });
  setHostStatus(world, host, HostStatus.INSTALLING);
  logEvent(world, 'VDS_ANSIBLE_INSTALL_STARTED', { host });
  startInstall(world, host, request);
  world.settle();
}
