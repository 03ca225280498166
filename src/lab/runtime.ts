/**
 * A whole lab: the engine API (src/lab/api + world) and the simulated SSH hosts (src/lab/hosts), wired together
 * through a small interface. The world logs in to the hosts as the engine would (its key must be in the host's
 * authorized_keys, or the root password right), copies its key, and runs host-deploy on them; a machine that
 * loses power in the world stops answering SSH; `hosted-engine --deploy` on a host makes the world's first
 * hosted-engine host; `hosted-engine --vm-status` reads the world. Everything persists in one state directory
 * (.runbook/lab).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostEntry, Inventory } from '../inventory/types';
import { messageOf } from '../shared/errors';
import { registerSecret } from '../shared/redact';
import {
  LabHostsError,
  LabHostsErrorCode,
  startSimulatedHosts,
  type SimulatedHostEvent,
  type SimulatedHosts,
} from './hosts';
import { startLabEngine, type ClockMode, type LabEngine } from './index';
import { hostedEngineStatuses, poweredOffMachines } from './world-view';
import { deployFirstHostedEngine } from './world/hosted-engine-deploy';
import type { HostMachines } from './world/host-access';
import { stateFile } from './world/persist';

const ADMIN_PASSWORD_FILE = 'admin-password';
const AUTOSAVE_INTERVAL_MS = 5_000;

export interface StartLabOptions {
  inventory: Inventory;
  /** Where the world, the hosts' state, the keys and the admin password live (`.runbook/lab`). */
  stateDir: string;
  /** A new world starts with the cluster installed (hosts up, VMs with HA and leases, affinity groups). */
  preinstalled?: boolean;
  /** Virtual-clock speed; default the inventory's lab.speed. */
  speed?: number;
  clockMode?: ClockMode;
  /** Listen on free ports instead of the inventory's (tests; several labs side by side). */
  isOnFreePorts?: boolean;
  onHostEvent?: (event: SimulatedHostEvent) => void;
}

export interface RunningLab {
  readonly engine: LabEngine;
  readonly hosts: SimulatedHosts;
  /** The inventory pointing at this lab: engine URL and SSH ports as listening, its keys, known_hosts, password. */
  readonly inventory: Inventory;
  readonly stateDir: string;
  save(): Promise<void>;
  close(): Promise<void>;
}

export async function startLab(options: StartLabOptions): Promise<RunningLab> {
  const { inventory, stateDir } = options;
  const engineUrl = labEngineUrl(inventory);
  const password = await ensureAdminPassword(stateDir);
  const isFreshWorld = !existsSync(stateFile(stateDir));
  const engine = await startLabEngine({
    inventory,
    stateDir,
    password,
    port: options.isOnFreePorts ? 0 : Number(engineUrl.port || (engineUrl.protocol === 'https:' ? 443 : 80)),
    https: engineUrl.protocol === 'https:',
    ...(options.preinstalled !== undefined ? { preinstalled: options.preinstalled } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.clockMode !== undefined ? { clockMode: options.clockMode } : {}),
  });
  let hosts: SimulatedHosts;
  try {
    // The engine's SSH key exists from the start, as an engine's does (it copies it to hosts added with a password).
    [hosts] = await Promise.all([
      startSimulatedHosts({
        inventory,
        stateDir,
        ...(options.isOnFreePorts ? { port: 0 } : {}),
        ...(options.onHostEvent ? { onEvent: options.onHostEvent } : {}),
      }),
      engine.pki.engineMaterial(),
    ]);
  } catch (error) {
    await engine.close();
    throw error;
  }
  const caCertificate = engine.caFile !== undefined ? readFileSync(engine.caFile, 'utf8') : undefined;
  hosts.setHooks({
    hostedEngineStatus: () => hostedEngineStatuses(engine.world),
    engineCaCertificate: () => caCertificate,
    engineSshKey: () => engine.pki.engine?.sshKey,
    onHostedEngineDeployed: (host) => {
      engine.markChanged(); // saved before the command's exit status goes out
      return deployFirstHostedEngine(engine.world, host);
    },
  });
  if (isFreshWorld && options.preinstalled) hosts.preinstall();
  await wireWorld(engine, hosts, options.onHostEvent);
  // An API answer, a command's exit status and an SFTP reply each wait until the engine world and the hosts are
  // saved: killed at any moment, the lab restarts with everything its clients were told (#12 item 8).
  const persist = async (): Promise<void> => {
    await engine.saveIfChanged();
    await hosts.saveIfChanged();
  };
  engine.persistWith(persist);
  hosts.persistWith(persist);
  return assembleLab(options, engine, hosts, password);
}

/** The world decides installs and power; the hosts follow. */
async function wireWorld(
  engine: LabEngine,
  hosts: SimulatedHosts,
  report: StartLabOptions['onHostEvent']
): Promise<void> {
  engine.world.machines = machinesOf(hosts);
  engine.world.onPowerChange((name, isPoweredOn) => {
    hosts
      .setPower(name, isPoweredOn)
      .catch((error: unknown) => report?.({ kind: 'error', host: name, message: messageOf(error) }));
  });
  for (const name of poweredOffMachines(engine.world)) {
    if (hosts.endpoints[name]) await hosts.setPower(name, false);
  }
}

/** The simulated hosts as the engine world reaches them (src/lab/world/host-access.ts). */
function machinesOf(hosts: SimulatedHosts): HostMachines {
  return {
    tryLogin: (name, address, login) => hosts.tryEngineLogin(name, address, login),
    copyEngineKey: (name, user) => hosts.copyEngineKey(name, user),
    deploy: (name, request) => {
      try {
        return hosts.deployForEngine(name, request);
      } catch (error) {
        return messageOf(error);
      }
    },
  };
}

function assembleLab(options: StartLabOptions, engine: LabEngine, hosts: SimulatedHosts, password: string): RunningLab {
  const inventory = pointInventoryAt(options.inventory, engine, hosts, join(options.stateDir, ADMIN_PASSWORD_FILE));
  const save = async (): Promise<void> => {
    await engine.save();
    await hosts.save();
  };
  const timer = setInterval(() => void save().catch(() => undefined), AUTOSAVE_INTERVAL_MS).unref();
  registerSecret(password);
  return {
    engine,
    hosts,
    inventory,
    stateDir: options.stateDir,
    save,
    async close() {
      clearInterval(timer);
      await hosts.close();
      await engine.close();
    },
  };
}

function pointInventoryAt(
  inventory: Inventory,
  engine: LabEngine,
  hosts: SimulatedHosts,
  passwordFile: string
): Inventory {
  const patched: Record<string, HostEntry> = {};
  for (const [name, host] of Object.entries(inventory.hosts))
    patched[name] = { ...host, port: hosts.endpoints[name]?.port ?? host.port };
  return {
    ...inventory,
    engine: {
      ...inventory.engine,
      url: engine.url,
      password: { ref: `file:${passwordFile}` },
      // The inventory's own ca_file (a lab inventory's default is this lab's CA) is what a run verifies against.
      ...(inventory.engine.caFile === undefined && engine.caFile ? { caFile: engine.caFile } : {}),
    },
    hosts: patched,
    ssh: { ...inventory.ssh, keyFile: hosts.clientKeyPath, knownHosts: hosts.knownHostsPath },
  };
}

/** The engine URL of a lab inventory: the lab engine listens on 127.0.0.1 only. */
function labEngineUrl(inventory: Inventory): URL {
  let url: URL | undefined;
  try {
    url = new URL(inventory.engine.url);
  } catch {
    url = undefined;
  }
  if (url?.hostname !== '127.0.0.1') {
    throw new LabHostsError(
      `the lab engine listens on 127.0.0.1 only, and the inventory's engine.url is ${inventory.engine.url}`,
      {
        code: LabHostsErrorCode.NON_LOOPBACK,
        hint: `set engine.url to https://127.0.0.1:18180/ovirt-engine/api in ${inventory.path}`,
      }
    );
  }
  return url;
}

/** The lab's admin@internal password, generated once (the lab inventory reads it as file:.runbook/lab/admin-password). */
async function ensureAdminPassword(stateDir: string): Promise<string> {
  const path = join(stateDir, ADMIN_PASSWORD_FILE);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(15).toString('base64url');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeFile(path, password + '\n', { mode: 0o600 });
  return password;
}
