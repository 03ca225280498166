/**
 * When sanlock frees the leases of a host that died or lost its storage (engine-behaviour.md row 14; SANLOCK
 * src/timeouts.c, src/paxos_lease.c, src/lockspace.c @1b306f0):
 * - every host renews its delta lease every 2 x io_timeout, and each renewal also reads the others';
 * - a host that cannot renew for 8 x io_timeout kills the processes holding its leases (its VMs);
 * - another host's acquire of a lease owned by that host waits until host_dead_seconds (8 x io_timeout +
 *   watchdog_fire_timeout) have passed since it last saw the owner renew (last_live), checked every second.
 * The failure's phase within the renewal interval decides the figures: `lab.knobs.lease_renewal_phase`.
 */
import type { LabKnobs } from '../../inventory/lab-knobs';
import type { VmRecord } from './model';

/** sanlock's acquire loop sleeps a second between checks and needs `now - wait_start > host_dead_seconds`. */
const ACQUIRE_CHECK_MS = 1_000;

export interface LeaseTimes {
  /** The dead host's last successful renewal. */
  lastRenewal: number;
  /** When the surviving hosts saw that renewal (sanlock's last_live). */
  lastLive: number;
  /** When the host's own sanlock kills its lease holders if it is still running (cut off from storage). */
  killAt: number;
  /** When another host can acquire its leases. */
  freeAt: number;
}

export function renewalIntervalMs(knobs: LabKnobs): number {
  return 2 * knobs.sanlockIoTimeout;
}

export function hostDeadMs(knobs: LabKnobs): number {
  return 8 * knobs.sanlockIoTimeout + knobs.sanlockWatchdogFireTimeout;
}

/** The lease timeline of a host that stopped renewing at `failedAt`. */
export function leaseTimesAfter(knobs: LabKnobs, failedAt: number): LeaseTimes {
  const interval = renewalIntervalMs(knobs);
  const lastRenewal = knobs.leaseRenewalPhase === 'early' ? failedAt - interval : failedAt;
  const lastLive = knobs.leaseRenewalPhase === 'late' ? failedAt + interval : lastRenewal;
  return {
    lastRenewal,
    lastLive,
    killAt: lastRenewal + 8 * knobs.sanlockIoTimeout,
    freeAt: lastLive + hostDeadMs(knobs) + ACQUIRE_CHECK_MS,
  };
}

/** VMs with a lease, and the hosted-engine VM (its own lease on the hosted-engine storage domain). */
export function holdsLease(vm: VmRecord): boolean {
  return vm.leaseStorageDomainId !== undefined || vm.origin === 'managed_hosted_engine';
}
