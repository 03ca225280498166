/**
 * vdsm's side of live migration (engine-behaviour.md row 17): at most `max_migrations` outgoing per source and
 * incoming per destination at once (the engine sends the policy's maxMigrations as both limits when parallel
 * migrations are off, the cluster default: BLL MigrateVmCommand.java l.419-437, 583-610 @ ENGINE). The rest wait for
 * an outgoing slot (vdsm's SourceThread.ongoingMigrations semaphore); one whose destination is full releases its
 * slot and tries again `migration_retry` later (VDSM lib/vdsm/virt/migration.py l.487-546, vm.py l.968 @ fd4b0df).
 * The transfer's duration and convergence: migration-plan.ts. These are vdsm's: they go on while a self-hosted
 * engine is down.
 */
import { INTRA_SITE_RTT_MS } from '../hosts/topology';
import { planMigration } from './migration-plan';
import type { HostRecord, VmRecord } from './model';
import { VmStatus } from './model';
import { TaskKind } from './task-kinds';
import type { World } from './world';

function count(map: Map<string, number>, key: string): number {
  return map.get(key) ?? 0;
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, count(map, key) + 1);
}

/** Start every waiting migration that has an outgoing slot and a destination that takes it, oldest first. */
export function pumpMigrations(world: World): void {
  const migrating = world.state.vms.filter((v) => v.status === VmStatus.MIGRATING && v.migratingToHostId);
  const outgoing = new Map<string, number>();
  const incoming = new Map<string, number>();
  for (const vm of migrating.filter((v) => v.migrationStartedAt !== undefined)) {
    add(outgoing, vm.hostId ?? '');
    add(incoming, vm.migratingToHostId ?? '');
  }
  const limit = world.knobs.maxMigrations;
  const waiting = migrating
    .filter((v) => v.migrationStartedAt === undefined && (v.migrationRetryAt ?? 0) <= world.now())
    .sort((a, b) => (a.migrationQueuedAt ?? 0) - (b.migrationQueuedAt ?? 0));
  for (const vm of waiting) {
    const source = vm.hostId ?? '';
    const target = vm.migratingToHostId ?? '';
    if (count(outgoing, source) >= limit) continue;
    if (count(incoming, target) >= limit) {
      vm.migrationRetryAt = world.now() + world.knobs.migrationRetry;
      world.schedule(world.knobs.migrationRetry, TaskKind.MIGRATION_RETRY, { vmId: vm.id });
      continue;
    }
    add(outgoing, source);
    add(incoming, target);
    beginTransfer(world, vm);
  }
}

/** The round trip between two hosts: within a site, or the inventory's lab latency between the sites. */
function roundTripMs(world: World, a: HostRecord | undefined, b: HostRecord | undefined): number {
  const isSameSite = a?.site === undefined || b?.site === undefined || a.site === b.site;
  return isSameSite ? INTRA_SITE_RTT_MS : world.siteLatencyMs;
}

function beginTransfer(world: World, vm: VmRecord): void {
  const startedAt = world.now();
  vm.migrationStartedAt = startedAt;
  delete vm.migrationRetryAt;
  const plan = planMigration({
    memory: vm.memory,
    dirtyRate: vm.dirtyRate ?? world.knobs.vmDirtyRate,
    bandwidth: world.knobs.migrationBandwidth,
    rttMs: roundTripMs(world, world.host(vm.hostId), world.host(vm.migratingToHostId)),
    tcpWindow: world.knobs.migrationTcpWindow,
    setupMs: world.knobs.migrationSetup,
    monitorIntervalMs: world.knobs.migrationMonitorInterval,
  });
  world.schedule(plan.durationMs, TaskKind.MIGRATION_DONE, {
    vmId: vm.id,
    targetId: vm.migratingToHostId ?? '',
    startedAt,
    isConverging: plan.isConverging,
    downtimeMs: plan.isConverging ? plan.downtimeMs : 0,
  });
}
