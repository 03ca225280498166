/**
 * The lab's simulated hosts: every inventory host (the cluster hosts of both sites and the engine machine)
 * answers real SSH on its own loopback address, with the commands the shipped runbooks use. See docs/lab.md.
 */
import { mkdir } from 'node:fs/promises';
import type { Inventory } from '../../inventory/types';
import { LabHostsError, LabHostsErrorCode } from './errors';
import { ensureLabKeys, writeKnownHosts } from './keys';
import { assertLoopbackInventory } from './loopback';
import { completeHostDeploy, preinstallHost } from './preinstall';
import { copyEngineKey, deployForEngine, installReadiness, tryEngineLogin } from './engine-access';
import { createPersister } from './persist';
import { startHostServer, type HostServer } from './server';
import { labDomain, loadHostStates } from './state';
import { buildTopology } from './topology';
import type { Endpoint, HostState, HostWorldHooks, SimulatedHosts, SimulatedHostsOptions } from './types';
import type { LabWorld } from './world';

export type * from './types';
export { isLoopbackAddress } from './loopback';
export { LabHostsError, LabHostsErrorCode } from './errors';

const DEFAULT_LATENCY_MS = 2;

export async function startSimulatedHosts(options: SimulatedHostsOptions): Promise<SimulatedHosts> {
  const { inventory, stateDir } = options;
  assertLoopbackInventory(inventory);
  assertKnownHosts(inventory, Object.keys(options.installFailures ?? {}), 'installFailures');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const names = Object.keys(inventory.hosts);
  const keys = await ensureLabKeys(stateDir, names);
  const states = await loadHostStates(stateDir, inventory);
  const persister = createPersister(stateDir, states);
  const powered = new Map(names.map((name) => [name, true]));
  const world: LabWorld = {
    inventory,
    states,
    topology: buildTopology(
      inventory,
      options.latencyMs ?? inventory.lab?.latencyMs ?? DEFAULT_LATENCY_MS,
      options.subnets ?? inventory.lab?.subnets ?? {}
    ),
    domain: labDomain(inventory),
    password: keys.password,
    installFailures: { ...options.installFailures },
    hooks: options.hooks ?? {},
    isPoweredOn: (host) => powered.get(host) === true,
    emit: (event) => options.onEvent?.(event),
    markChanged: () => persister.schedule(),
    persist: () => persister.saveIfChanged(),
  };
  const servers = await startServers(world, keys.hostKeys, keys.clientPublicKey, options.port);
  const endpoints: Record<string, Endpoint> = Object.fromEntries(
    Object.entries(servers).map(([name, server]) => [name, server.endpoint])
  );
  await writeKnownHosts(keys.paths.knownHosts, keys.hostKeys, endpoints);
  for (const [host, endpoint] of Object.entries(endpoints)) world.emit({ kind: 'listening', host, ...endpoint });

  const requireState = (name: string): HostState => {
    const state = states[name];
    if (!state) throw unknownHost(inventory, name);
    return state;
  };
  return {
    endpoints,
    clientKeyPath: keys.paths.clientKey,
    knownHostsPath: keys.paths.knownHosts,
    passwordPath: keys.paths.password,
    hostState: (name) => structuredClone(requireState(name)),
    isInstallReady: (name) => installReadiness(world, name, requireState(name)),
    completeHostDeploy(name) {
      completeHostDeploy(requireState(name));
      world.markChanged();
    },
    tryEngineLogin: (name, address, login) => tryEngineLogin(world, name, address, login),
    copyEngineKey: (name, user) => copyEngineKey(world, name, user),
    deployForEngine: (name, request) => deployForEngine(world, name, request),
    preinstall() {
      const ca = world.hooks.engineCaCertificate?.();
      for (const entry of Object.values(inventory.hosts))
        preinstallHost(requireState(entry.name), entry, inventory, world.domain, ca);
      world.markChanged();
    },
    async setPower(name, isPoweredOn) {
      const server = servers[name];
      if (!server) throw unknownHost(inventory, name);
      if (powered.get(name) === isPoweredOn) return;
      powered.set(name, isPoweredOn);
      await (isPoweredOn ? server.start() : server.stop());
      world.emit({ kind: 'power', host: name, isPoweredOn });
    },
    isPoweredOn: (name) => world.isPoweredOn(name),
    setHooks(hooks: HostWorldHooks) {
      world.hooks = hooks;
    },
    save: () => persister.flush(),
    saveIfChanged: () => persister.saveIfChanged(),
    persistWith(action: () => Promise<void>) {
      world.persist = action;
    },
    async close() {
      await Promise.all(Object.values(servers).map((server) => server.stop()));
      await persister.flush();
    },
  };
}

async function startServers(
  world: LabWorld,
  hostKeys: Record<string, string>,
  clientPublicKey: Parameters<typeof startHostServer>[0]['clientPublicKey'],
  port: number | undefined
): Promise<Record<string, HostServer>> {
  const servers: Record<string, HostServer> = {};
  try {
    for (const entry of Object.values(world.inventory.hosts)) {
      const host = { name: entry.name, entry, state: world.states[entry.name] as HostState, world };
      servers[entry.name] = await startHostServer({
        host,
        hostKey: hostKeys[entry.name] ?? '',
        clientPublicKey,
        address: entry.address,
        port: port ?? entry.port,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    throw error;
  }
  return servers;
}

function assertKnownHosts(inventory: Inventory, names: readonly string[], option: string): void {
  const unknown = names.filter((name) => !inventory.hosts[name]);
  if (unknown.length > 0) {
    throw new LabHostsError(
      `${option} names hosts that are not in the inventory: ${unknown.join(', ')} (known: ${Object.keys(inventory.hosts).join(', ')})`,
      { code: LabHostsErrorCode.BAD_OPTION }
    );
  }
}

function unknownHost(inventory: Inventory, name: string): LabHostsError {
  return new LabHostsError(`no simulated host ${name} (known: ${Object.keys(inventory.hosts).join(', ')})`, {
    code: LabHostsErrorCode.UNKNOWN_HOST,
    host: name,
  });
}
