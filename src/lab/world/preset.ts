/**
 * Starting points of a new world. `preinstalled`: what the install runbook leaves behind — every inventory host
 * up (SPM priority 8 on the primary site, 2 on the secondary), the inventory's VMs running with their HA settings
 * and leases (resume behaviour `kill`), and a soft positive VM-to-host affinity group per site named
 * `<site>-affinity`; a self-hosted world has its hosted-engine hosts deployed (as install-self-hosted.yaml deploys
 * them) and the engine VM on the first of the primary site. A world that is not preinstalled starts empty: a
 * self-hosted engine exists only once `hosted-engine --deploy` has run on a host (hosted-engine-deploy.ts).
 */
import type { Inventory } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import { makeHostRecord, PREINSTALLED_SPM_PRIORITY, preinstalledHostedEngineHosts } from './build';
import { createHostedEngineVm, importPendingVms } from './imports';
import type { HostRecord, PendingHost } from './model';
import { HostStatus, ResumeBehaviour } from './model';
import { ensureSpm } from './spm';
import type { World } from './world';

const DEFAULT_SPM_PRIORITY = 5;

export function admitHost(world: World, pending: PendingHost, spmPriority: number): HostRecord {
  world.state.pendingHosts = world.state.pendingHosts.filter((p) => p !== pending);
  const host = makeHostRecord(pending, world.newId(), world.state.cluster.id, spmPriority);
  world.state.hosts.push(host);
  return host;
}

export function applyPreinstalled(world: World, inventory: Inventory): void {
  const hostedEngineHosts = preinstalledHostedEngineHosts(inventory);
  for (const pending of [...world.state.pendingHosts]) {
    const priority = pending.site ? PREINSTALLED_SPM_PRIORITY[pending.site] : DEFAULT_SPM_PRIORITY;
    const host = admitHost(world, pending, priority);
    host.status = HostStatus.UP;
    host.isHostedEngine = hostedEngineHosts.includes(host.name);
  }
  runPreinstalledHostedEngine(world);
  ensureSpm(world, { isImmediate: true });
  importPendingVms(world);
  configureInventoryVms(world, inventory);
  createSiteAffinityGroups(world, inventory);
}

/** Preinstalled self-hosted worlds: the engine VM runs on the first hosted-engine host of the primary site. */
function runPreinstalledHostedEngine(world: World): void {
  if (world.state.engineKind !== 'self-hosted') return;
  const hosts = world.state.hosts.filter((h) => h.isHostedEngine);
  const first = hosts.find((h) => h.site === 'primary') ?? hosts[0];
  if (first !== undefined) createHostedEngineVm(world, first);
}

function configureInventoryVms(world: World, inventory: Inventory): void {
  for (const entry of inventory.vms) {
    const vm = world.vmByName(entry.name);
    if (vm === undefined || !entry.highAvailability) continue;
    vm.haEnabled = true;
    vm.haPriority = entry.priority;
    const leaseName = entry.lease ?? inventory.sites[entry.site].storageDomains[0];
    const domain = leaseName !== undefined ? world.storageDomainByName(leaseName) : undefined;
    if (domain !== undefined) {
      vm.leaseStorageDomainId = domain.id;
      vm.resumeBehaviour = ResumeBehaviour.KILL;
    }
  }
}

function createSiteAffinityGroups(world: World, inventory: Inventory): void {
  for (const role of SITE_ROLES) {
    const site = inventory.sites[role];
    const vmIds = inventory.vms.filter((v) => v.site === role).flatMap((v) => world.vmByName(v.name)?.id ?? []);
    world.state.affinityGroups.push({
      id: world.newId(),
      clusterId: world.state.cluster.id,
      name: `${site.name}-affinity`,
      description: `VMs of the ${site.name} site prefer its hosts`,
      priority: 1,
      vmsRule: { enabled: false, positive: false, enforcing: false },
      hostsRule: { enabled: true, positive: true, enforcing: false },
      vmIds,
      hostIds: world.hostsOfSite(role).map((h) => h.id),
    });
  }
}
