/**
 * `check.capacity`: the site that takes over (default the secondary) can run every VM that comes to it in a
 * failover, host by host, as the engine's scheduler would place them (placement.ts), in every order of the hosts they
 * come from (placement-orders.ts: the engine takes them host by host): the VMs running on the other
 * site now (maintenance migrates every running VM, HA or not), the HA VMs of the other site that are down (HA
 * restarts them), and the self-hosted engine VM when it runs there. Only hosts that can take VMs count (up, not in
 * maintenance); every other host of the site is named. A host's room is its `max_scheduling_memory` (what the
 * scheduler still allows there), else its memory under the cluster's `memory_policy` overcommit less what runs
 * on it.
 */
import type { SiteRole } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import { HostStatus } from '../../olvm/types';
import type { Cluster, Host, Vm } from '../../olvm/types';
import { formatBytes } from '../../shared/bytes';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import { siteArg } from '../olvm/args';
import { planSnapshot } from '../olvm/snapshot';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';
import { overheadOf } from './placement';
import type { HostRoom } from './placement';
import { placeInEveryHostOrder } from './placement-orders';
import type { SourcedLoad, WorstPlacement } from './placement-orders';

const NAME = 'check.capacity';

export interface CheckCapacityArgs {
  /** The site that takes over (default: secondary). */
  site?: string;
}

interface Load extends SourcedLoad {
  memory: number;
  why: 'runs there now' | 'HA, down' | 'hosted engine';
}

function isEngineVm(vm: Vm): boolean {
  return vm.origin === 'managed_hosted_engine' || vm.origin === 'hosted_engine';
}

/** The VMs that come to `role` in a failover. */
function loadsOf(ctx: ModuleContext, hosts: readonly Host[], vms: readonly Vm[], role: SiteRole): Load[] {
  const siteOf = new Map(hosts.map((h) => [h.id, ctx.inventory.hosts[h.name]?.site]));
  const homes = new Map(ctx.inventory.vms.map((v) => [v.name, v]));
  const hostName = new Map(hosts.map((h) => [h.id, h.name]));
  return vms.flatMap((vm): Load[] => {
    const site = vm.host !== undefined ? siteOf.get(vm.host.id) : undefined;
    const entry = homes.get(vm.name);
    const isRunningAway = site !== undefined && site !== role;
    const isDownHa =
      vm.host === undefined && vm.highAvailability.isEnabled && entry !== undefined && entry.site !== role;
    if (!isRunningAway && !isDownHa) return [];
    const memory = vm.memory ?? entry?.memory ?? 0;
    const why = isEngineVm(vm) ? 'hosted engine' : isRunningAway ? 'runs there now' : 'HA, down';
    const priority = isEngineVm(vm) ? Number.MAX_SAFE_INTEGER : vm.highAvailability.priority;
    const source = vm.host !== undefined ? hostName.get(vm.host.id) : undefined;
    const load: Load = { name: vm.name, memory, need: memory + overheadOf(memory, vm.cpuCount), priority, why };
    return [{ ...load, ...(source !== undefined ? { source } : {}), ...(isEngineVm(vm) ? { isFirst: true } : {}) }];
  });
}

/** What the scheduler still allows on a host: its max_scheduling_memory, else overcommitted memory less its VMs. */
function roomOf(host: Host, vms: readonly Vm[], cluster: Cluster | undefined): number {
  if (host.maxSchedulingMemory !== undefined) return host.maxSchedulingMemory;
  const percent = cluster?.memoryPolicy?.overCommitPercent ?? 100;
  const committed = vms
    .filter((vm) => vm.host?.id === host.id)
    .reduce((sum, vm) => sum + (vm.memory ?? 0) + overheadOf(vm.memory ?? 0, vm.cpuCount), 0);
  return Math.max(0, Math.floor(((host.memory ?? 0) * percent) / 100) - committed);
}

/** The site's inventory hosts that cannot take VMs, with why: not in the engine, or not up. */
function unavailableHosts(ctx: ModuleContext, hosts: readonly Host[], role: SiteRole): string[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  return ctx.inventory.sites[role].hosts.flatMap((name) => {
    const host = byName.get(name);
    if (host === undefined) return [`${name} (not in the engine)`];
    return host.status === HostStatus.UP ? [] : [`${name} (${host.status})`];
  });
}

function problemsOf(role: SiteRole, placement: WorstPlacement, away: readonly string[]) {
  const order =
    placement.order !== undefined
      ? ` when the VMs of ${placement.order.map((h) => h || 'no host (down)').join(', then ')} come in that order (the engine takes them host by host)`
      : '';
  const problems: CheckProblem[] = placement.unplaced.map((u) => ({
    text:
      `no ${role} host has room for VM ${u.vm} (${formatBytes(u.need)} with the engine's overhead)${order}: ` +
      `the most any up host has left is ${formatBytes(u.mostRoom)}` +
      (u.roomiestHost !== undefined ? ` (${u.roomiestHost})` : '') +
      (away.length > 0 ? `; hosts that cannot take VMs: ${away.join(', ')}` : ''),
    reason: Procedure.CAPACITY,
  }));
  return problems;
}

export const checkCapacity: StepModule<CheckCapacityArgs> = {
  name: NAME,
  isReadOnly: true,
  description: 'The taking-over site can run every VM that fails over, placed host by host as the scheduler would.',
  schema: {
    type: 'object',
    properties: {
      site: { type: 'string', minLength: 1, description: 'The site that takes over (default: secondary).' },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const role = args.site === undefined ? 'secondary' : siteArg(NAME, ctx, args.site);
    const snapshot = planSnapshot(ctx, await engineOf(ctx));
    const [hosts, vms, cluster] = await Promise.all([
      snapshot.hosts(),
      snapshot.vms(),
      snapshot.cluster(ctx.inventory.cluster.name),
    ]);
    const usable = hosts.filter((h) => ctx.inventory.hosts[h.name]?.site === role && h.status === HostStatus.UP);
    const rooms: HostRoom[] = usable.map((h) => ({ name: h.name, room: roomOf(h, vms, cluster) }));
    const loads = loadsOf(ctx, hosts, vms, role);
    const placement = placeInEveryHostOrder(rooms, loads);
    const away = unavailableHosts(ctx, hosts, role);
    for (const host of away) ctx.warn(`${host} cannot take VMs in a failover: not counted`);
    ctx.output(
      `${role}: ${usable.length} host${usable.length === 1 ? '' : 's'} can take VMs, room for ` +
        `${placement.placed.size} of ${loads.length} VMs that come in a failover`
    );
    return planNone(
      verdict(NAME, ctx, problemsOf(role, placement, away), {
        site: role,
        other_site: SITE_ROLES.find((r) => r !== role),
        hosts: rooms.map((r) => ({
          name: r.name,
          room: r.room,
          room_left: placement.roomLeft.get(r.name) ?? r.room,
          vms: [...placement.placed].filter(([, host]) => host === r.name).map(([vm]) => vm),
        })),
        unavailable_hosts: away,
        vms: loads.map((l) => ({ name: l.name, memory: l.memory, need: l.need, why: l.why })),
        unplaced: placement.unplaced.map((u) => u.vm),
      })
    );
  },
  apply() {
    return Promise.resolve({});
  },
};
