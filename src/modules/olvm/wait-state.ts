/**
 * `olvm.wait`: what is awaited (a resolved spec), whether the engine shows it yet, and the result the drill
 * report reads (src/report/types.ts WaitResult; docs/drills.md): VM moves and the SPM handover, engine-clock times.
 */
import type { Inventory, SiteRole } from '../../inventory/types';
import { SpmStatus } from '../../olvm/types';
import type { Host, Vm } from '../../olvm/types';
import { siteOfHost } from './args';
import type { Timeline } from './wait-timeline';

export const WaitCondition = {
  VMS_ON_SITE: 'vms_on_site',
  SPM_ON_SITE: 'spm_on_site',
  HOSTS_STATUS: 'hosts_status',
  VMS_HOME: 'vms_home',
} as const;
export type WaitCondition = (typeof WaitCondition)[keyof typeof WaitCondition];

export interface WaitSpec {
  condition: WaitCondition;
  phase?: 'failover' | 'failback';
  role?: SiteRole;
  /** VM names (vms_on_site, vms_home). */
  vms: string[];
  /** Host names and the statuses awaited (hosts_status). */
  hosts: string[];
  statuses: string[];
  baseline: number;
  /**
   * The engine's last answer (its clock) before the wait's first read, in its plan: a silence that began there is
   * counted from there, even if the engine answers again (restarted) by the time the wait applies.
   */
  answeredBefore?: number;
}

/** The engine's state at one poll, indexed. */
export class EngineView {
  readonly hostName: Map<string, string>;
  readonly vmName: Map<string, string>;
  readonly vmByName: Map<string, Vm>;
  readonly hostByName: Map<string, Host>;
  constructor(
    readonly hosts: readonly Host[],
    readonly vms: readonly Vm[]
  ) {
    this.hostName = new Map(hosts.map((h) => [h.id, h.name]));
    this.hostByName = new Map(hosts.map((h) => [h.name, h]));
    this.vmName = new Map(vms.map((v) => [v.id, v.name]));
    this.vmByName = new Map(vms.map((v) => [v.name, v]));
  }
}

/** The site a VM should end up on for this wait. */
export function targetSiteOf(spec: WaitSpec, inventory: Inventory, vmName: string | undefined): SiteRole | undefined {
  if (spec.condition === WaitCondition.VMS_HOME) return inventory.vms.find((v) => v.name === vmName)?.site;
  return spec.role;
}

export interface Progress {
  isMet: boolean;
  /** Members (VMs or hosts) already where they should be. */
  done: string[];
  pending: string[];
  /** `12 of 40 VMs on secondary` */
  summary: string;
}

export function progressOf(spec: WaitSpec, inventory: Inventory, view: EngineView): Progress {
  if (spec.condition === WaitCondition.SPM_ON_SITE) {
    const spm = view.hosts.find((h) => h.spm.status === SpmStatus.SPM);
    const isMet = spm !== undefined && siteOfHost(inventory, spm.name) === spec.role;
    return { isMet, done: isMet ? [spm.name] : [], pending: [], summary: spm ? `SPM on ${spm.name}` : 'no SPM' };
  }
  if (spec.condition === WaitCondition.HOSTS_STATUS) {
    const isDone = (name: string) => spec.statuses.includes(view.hostByName.get(name)?.status ?? 'absent');
    return split(spec.hosts, isDone, `hosts ${spec.statuses.join(' or ')}`);
  }
  const isDone = (name: string): boolean => {
    const vm = view.vmByName.get(name);
    if (vm?.status !== 'up' || vm.host === undefined) return false;
    return siteOfHost(inventory, view.hostName.get(vm.host.id)) === targetSiteOf(spec, inventory, name);
  };
  const where = spec.condition === WaitCondition.VMS_HOME ? 'home' : `on ${spec.role ?? '?'}`;
  return split(spec.vms, isDone, `VMs ${where}`);
}

function split(names: readonly string[], isDone: (name: string) => boolean, what: string): Progress {
  const done = names.filter(isDone);
  const pending = names.filter((name) => !isDone(name));
  return { isMet: pending.length === 0, done, pending, summary: `${done.length} of ${names.length} ${what}` };
}

export interface WaitTimes {
  startedAt: number;
  finishedAt: number;
  /** When the engine did not answer during the wait (engine clock). */
  engineGaps?: ReadonlyArray<{ from: number; to?: number; ms?: number; error: string; is_restart?: true }>;
}

export interface SpmHandover {
  from_host?: string;
  to_host: string;
  lost_at?: number;
  elected_at: number;
  handover_ms?: number;
}

/** The latest election onto the site since the baseline; `previousSpm` names the SPM before it when known. */
export function spmResult(
  spec: WaitSpec,
  inventory: Inventory,
  view: EngineView,
  timeline: Timeline,
  previousSpm: (electionIndex: number) => string | undefined
): SpmHandover | undefined {
  const election = timeline.latestElection((hostId) => siteOfHost(inventory, view.hostName.get(hostId)) === spec.role);
  if (election === undefined) return undefined;
  const fromId = election.previousHostId ?? previousSpm(election.index);
  const lostAt = (fromId !== undefined ? election.awaySince.get(fromId) : undefined) ?? election.forcedAt;
  return {
    ...(fromId !== undefined ? { from_host: view.hostName.get(fromId) ?? fromId } : {}),
    to_host: view.hostName.get(election.hostId) ?? election.hostId,
    ...(lostAt !== undefined ? { lost_at: lostAt } : {}),
    elected_at: election.at,
    ...(lostAt !== undefined ? { handover_ms: election.at - lostAt } : {}),
  };
}
