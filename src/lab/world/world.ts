/**
 * The lab world: its core (world-core.ts: state, clock, knobs, audit log, lookups) and the failures tests and drills
 * inject (a host or site powered off or cut off, a storage domain lost), which the engine's view follows.
 */
import {
  cutOff,
  failStorage,
  LabTargetError,
  powerOff,
  powerOn,
  reconnect,
  restoreStorage,
  setDirtyRate,
} from './failures';
import { setCpuLoad } from './capacity';
import { runSpmTask } from './spm-tasks';
import { WorldCore } from './world-core';

export type { HostInstallCheck, TaskPayload } from './world-core';

/** Told a machine's name and whether it now has power. */
export type PowerListener = (hostName: string, isPoweredOn: boolean) => void;

export class World extends WorldCore {
  private readonly powerListeners = new Set<PowerListener>();

  /** Fault injection: power a host, or a whole site (`primary` / `secondary`), off or on. */
  powerOff(hostOrSite: string): void {
    this.notifyPower(powerOff(this, hostOrSite), false);
  }

  powerOn(hostOrSite: string): void {
    this.notifyPower(powerOn(this, hostOrSite), true);
  }

  /** Be told which machines lost or got power (e.g. to stop or start their simulated SSH servers). */
  onPowerChange(listener: PowerListener): () => void {
    this.powerListeners.add(listener);
    return () => this.powerListeners.delete(listener);
  }

  private notifyPower(names: readonly string[], isPoweredOn: boolean): void {
    for (const listener of this.powerListeners) for (const name of names) listener(name, isPoweredOn);
  }

  /** Fault injection: cut a host or a site off the network (management and storage), or reconnect it. */
  cutOff(hostOrSite: string): void {
    cutOff(this, hostOrSite);
  }

  reconnect(hostOrSite: string): void {
    reconnect(this, hostOrSite);
  }

  /** Fault injection: lose or restore a storage domain. */
  failStorage(name: string): void {
    failStorage(this, name);
  }

  restoreStorage(name: string): void {
    restoreStorage(this, name);
  }

  /** Fault injection: an SPM task (a storage operation) runs for `durationMs` of virtual time. */
  runSpmTask(durationMs: number): void {
    runSpmTask(this, durationMs);
  }

  /** Fault injection: the guest of `vmName` dirties its memory this fast (bytes per second). */
  setDirtyRate(vmName: string, bytesPerSecond: number): void {
    setDirtyRate(this, vmName, bytesPerSecond);
  }

  /** Fault injection: a host's CPU load in percent (CPUOverloaded filters it out after cpu_overcommit_duration). */
  setHostCpuLoad(hostName: string, percent: number): void {
    const host = this.hostByName(hostName);
    if (host === undefined)
      throw new LabTargetError(
        hostName,
        this.state.hosts.map((h) => h.name)
      );
    setCpuLoad(this, host, percent);
  }
}
