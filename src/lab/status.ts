/**
 * The lab at a glance, from the world state: each site with its hosts (engine status, SPM, power, VMs), the
 * machines outside the cluster, and every VM with where it runs. Built the same way from a running lab and from
 * the state a stopped lab left in .runbook/lab.
 */
import type { Inventory, SiteRole } from '../inventory/types';
import { SITE_ROLES } from '../inventory/types';
import { isHostedEngineVm } from './world/imports';
import type { HostRecord, PendingHost, WorldState } from './world/model';

/** The status of a cluster host the engine does not manage (yet). */
export const NOT_IN_ENGINE = 'not added';
/** The status shown for a machine outside the cluster (the standalone engine's machine). */
export const ENGINE_MACHINE = 'engine machine';
export const OUTSIDE_CLUSTER = 'outside the cluster';

export interface LabHostView {
  name: string;
  /** The engine's host status (`up`, `non_responsive`, ...) or `not added`. */
  status: string;
  isSpm: boolean;
  isPoweredOn: boolean;
  /** Names of the VMs running (or last seen) on the host. */
  vms: string[];
}

export interface LabVmView {
  name: string;
  status: string;
  host?: string;
  /** The VM's home site; undefined for the hosted-engine VM. */
  site?: SiteRole;
}

export interface LabStatus {
  name: string;
  isRunning: boolean;
  engineUrl?: string;
  /** Virtual time of the lab clock, ISO 8601. */
  virtualTime: string;
  dataCenterStatus: string;
  /** False while a self-hosted engine is dead (its VM restarting): its API refuses connections. */
  isEngineUp: boolean;
  sites: { role: SiteRole; name: string; hosts: LabHostView[] }[];
  /** Machines outside the cluster (the standalone engine's machine). */
  otherMachines: LabHostView[];
  vms: LabVmView[];
}

export interface DescribeLabOptions {
  isRunning: boolean;
  engineUrl?: string;
  /** Machines outside the world (the engine machine) that are powered off. */
  poweredOffMachines?: readonly string[];
}

export function describeLab(state: WorldState, inventory: Inventory, options: DescribeLabOptions): LabStatus {
  const byName = new Map<string, HostRecord | PendingHost>(
    [...state.pendingHosts, ...state.hosts].map((host) => [host.name, host])
  );
  const hostNames = new Map(state.hosts.map((host) => [host.id, host.name]));
  const clustered = new Set(SITE_ROLES.flatMap((role) => inventory.sites[role].hosts));
  const idleStatus = (name: string): string =>
    clustered.has(name) ? NOT_IN_ENGINE : name === inventory.engine.host ? ENGINE_MACHINE : OUTSIDE_CLUSTER;
  const viewOf = (name: string): LabHostView => {
    const machine = byName.get(name);
    const record = machine && 'id' in machine ? machine : undefined;
    return {
      name,
      status: record?.status ?? idleStatus(name),
      isSpm: record?.spmStatus === 'spm',
      isPoweredOn: machine ? machine.physical.isPoweredOn : !options.poweredOffMachines?.includes(name),
      vms: record ? state.vms.filter((vm) => vm.hostId === record.id).map((vm) => vm.name) : [],
    };
  };
  return {
    name: inventory.name,
    isRunning: options.isRunning,
    ...(options.engineUrl !== undefined ? { engineUrl: options.engineUrl } : {}),
    virtualTime: new Date(state.clock.now).toISOString(),
    dataCenterStatus: state.dataCenter.status,
    isEngineUp: state.engine?.isUp ?? true,
    sites: SITE_ROLES.map((role) => ({
      role,
      name: inventory.sites[role].name,
      hosts: inventory.sites[role].hosts.map(viewOf),
    })),
    otherMachines: Object.keys(inventory.hosts)
      .filter((name) => !clustered.has(name))
      .map(viewOf),
    vms: state.vms.map((vm) => ({
      name: vm.name,
      status: vm.status,
      ...(vm.hostId !== undefined && hostNames.has(vm.hostId) ? { host: hostNames.get(vm.hostId) as string } : {}),
      ...(vm.site !== undefined && !isHostedEngineVm(vm) ? { site: vm.site } : {}),
    })),
  };
}
