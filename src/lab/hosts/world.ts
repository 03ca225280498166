/** What the simulated hosts share: the inventory, every host's state, the network, and the engine world's hooks. */
import type { HostEntry, Inventory } from '../../inventory/types';
import type { Topology } from './topology';
import type { HostState, HostWorldHooks, SimulatedHostEvent } from './types';

export interface LabWorld {
  readonly inventory: Inventory;
  readonly states: Record<string, HostState>;
  readonly topology: Topology;
  readonly domain: string;
  /** The password every host accepts (password auth and sudo). */
  readonly password: string;
  /** Host name -> reason: `dnf install` fails there. */
  readonly installFailures: Readonly<Record<string, string>>;
  hooks: HostWorldHooks;
  isPoweredOn(host: string): boolean;
  emit(event: SimulatedHostEvent): void;
  /** Something in a host's state changed: persist it soon. */
  markChanged(): void;
  /** Persist what changed (the hosts and, in a whole lab, the engine world) before a command or SFTP answers. */
  persist(): Promise<void>;
}

/** One host as its commands see it. */
export interface SimHost {
  readonly name: string;
  readonly entry: HostEntry;
  readonly state: HostState;
  readonly world: LabWorld;
}

export function simHost(world: LabWorld, name: string): SimHost {
  const entry = world.inventory.hosts[name];
  const state = world.states[name];
  if (!entry || !state) throw new Error(`no simulated host ${name}`);
  return { name, entry, state, world };
}

/** Finds an inventory host by name, FQDN or address. */
export function findHostByTarget(world: LabWorld, target: string): HostEntry | undefined {
  const hosts = Object.values(world.inventory.hosts);
  const short = target.endsWith(`.${world.domain}`) ? target.slice(0, -world.domain.length - 1) : target;
  return (
    hosts.find((host) => host.name === short) ??
    hosts.find((host) => host.address === target || world.topology.managementAddress(host.name).address === target)
  );
}
