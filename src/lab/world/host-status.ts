/** Host status transitions shared by every behaviour (the SPM stops when its host leaves `up` gracefully). */
import { wakeBalancer } from './balancer';
import { logEvent } from './audit-log';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { releaseSpm } from './spm';
import type { World } from './world';

/** Statuses in which the SPM stays assigned because the engine cannot be sure it stopped. */
const FAILURE_STATUSES: readonly HostStatus[] = [HostStatus.CONNECTING, HostStatus.NON_RESPONSIVE];

export function setHostStatus(world: World, host: HostRecord, status: HostStatus): void {
  if (host.status === status) return;
  host.status = status;
  if (status !== HostStatus.UP && !FAILURE_STATUSES.includes(status)) releaseSpm(world, host);
  if (status !== HostStatus.MAINTENANCE && status !== HostStatus.PREPARING_FOR_MAINTENANCE) delete host.statusDetail;
}

export function bringHostUp(world: World, host: HostRecord): void {
  setHostStatus(world, host, HostStatus.UP);
  host.isLocalMaintenance = false;
  delete host.lostAt;
  delete host.resumeStatus;
  wakeBalancer(world);
  logEvent(world, 'VDS_DETECTED', { host, values: { HostStatus: 'Up' } });
}

/**
 * The host reaches maintenance. The engine logs nothing here: HostMonitoring.moveVDSToMaintenanceIfNeeded only sets
 * the status (VDSB monitoring/HostMonitoring.java l.879-894); 15 VDS_MAINTENANCE comes from an internal
 * MaintenanceVds that succeeded (BLL MaintenanceVdsCommand.getAuditLogTypeValue).
 */
export function enterMaintenance(world: World, host: HostRecord): void {
  setHostStatus(world, host, HostStatus.MAINTENANCE);
  if (host.isHostedEngine) host.isLocalMaintenance = true;
}
