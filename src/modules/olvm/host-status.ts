/**
 * What `olvm.host` must do to bring a host from the status the engine shows to the state asked for: nothing,
 * an action (activate, deactivate), or only a wait for a transition already under way (ovirt-api.md §3.2).
 */
import { HostStatus } from '../../olvm/types';

export const HostState = {
  /** The host exists in the engine (added and activated when missing); its status is left alone. */
  PRESENT: 'present',
  /** The host is up (activated from maintenance). */
  ACTIVE: 'active',
  /** The host is in maintenance (its VMs migrated away). */
  MAINTENANCE: 'maintenance',
  /** The host is not in the engine (moved to maintenance, then removed). */
  ABSENT: 'absent',
} as const;
export type HostState = (typeof HostState)[keyof typeof HostState];

export const HostStep = { NONE: 'none', ACTIVATE: 'activate', DEACTIVATE: 'deactivate', WAIT: 'wait' } as const;
export type HostStep = (typeof HostStep)[keyof typeof HostStep];

/** Statuses that pass on their own (installation, activation, a brief loss of contact). */
const ON_THE_WAY_UP: readonly string[] = [
  HostStatus.INSTALLING,
  HostStatus.INITIALIZING,
  HostStatus.UNASSIGNED,
  HostStatus.REBOOT,
  HostStatus.CONNECTING,
];

/** The engine deletes hosts only in these statuses (§3.6). */
export const REMOVABLE: readonly string[] = [
  HostStatus.MAINTENANCE,
  HostStatus.NON_RESPONSIVE,
  HostStatus.DOWN,
  HostStatus.UNASSIGNED,
  HostStatus.INSTALL_FAILED,
  HostStatus.PENDING_APPROVAL,
  HostStatus.NON_OPERATIONAL,
  HostStatus.INSTALLING_OS,
];

/** A status from which the asked state cannot be reached by this module, with the reason; else undefined. */
export function blockedReason(status: string, target: HostStatus): string | undefined {
  if (target === HostStatus.UP && status === HostStatus.INSTALL_FAILED) {
    return 'its installation failed: reinstall it (engine UI: Installation > Reinstall) before activating it';
  }
  if (target === HostStatus.UP && status === HostStatus.NON_RESPONSIVE) {
    return 'it is non_responsive: the engine cannot activate a host it cannot reach; bring it back first';
  }
  if (
    target === HostStatus.MAINTENANCE &&
    [HostStatus.INSTALLING, HostStatus.INSTALL_FAILED].includes(status as never)
  ) {
    return `it is ${status}: wait for the installation to finish first`;
  }
  return undefined;
}

/** The step that brings a host in `status` to `target` (`up` or `maintenance`). */
export function stepTowards(status: string, target: HostStatus): HostStep {
  if (status === target) return HostStep.NONE;
  if (target === HostStatus.UP) return ON_THE_WAY_UP.includes(status) ? HostStep.WAIT : HostStep.ACTIVATE;
  if (status === HostStatus.PREPARING_FOR_MAINTENANCE) return HostStep.WAIT;
  return HostStep.DEACTIVATE;
}

/** Statuses that end a wait for `target` with an error. */
export function failStatusesFor(target: HostStatus): HostStatus[] {
  return target === HostStatus.UP
    ? [HostStatus.INSTALL_FAILED, HostStatus.NON_OPERATIONAL, HostStatus.NON_RESPONSIVE, HostStatus.ERROR]
    : [HostStatus.INSTALL_FAILED];
}

/** The SPM priority as a number: -1..10, or the engine UI's names (never -1, low 2, normal 5, high 7; §3.4). */
export const SPM_PRIORITY_NAMES = { never: -1, low: 2, normal: 5, high: 7 } as const;
export type SpmPriorityName = keyof typeof SPM_PRIORITY_NAMES;

export function spmPriorityValue(value: number | SpmPriorityName): number {
  return typeof value === 'number' ? value : SPM_PRIORITY_NAMES[value];
}
