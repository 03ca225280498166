/**
 * Running olvm.* and check.* steps through the engine against a lab engine on loopback: each run gets its own
 * engine client (read-only in dry-run, as the CLI makes it), and the lab's clock moves a fixed step on every read,
 * so waits see the world advance whatever the machine's speed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '../../src/inventory/types';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import type { ModuleServices } from '../../src/modules/services';
import { createOlvmClient } from '../../src/olvm';
import type { OlvmClient, OlvmStats } from '../../src/olvm';
import type { RequestReport } from '../../src/olvm/types';
import { runEngine } from './engine';
import type { EngineRun, RunEngineOptions, StepInput } from './engine';
import { advanceClockOnReads, FAST_RETRY } from './olvm-lab';
import { startSimulatedHosts } from '../../src/lab/hosts';
import type { SimulatedHosts, SiteSubnets } from '../../src/lab/hosts';
import { createSshPool } from '../../src/ssh';
import type { SshPool } from '../../src/ssh';
import { makeHost, makeInventory } from './inventory';
import type { InventoryOverrides } from './inventory';

export interface ModuleLabOptions {
  inventory?: InventoryOverrides;
  preinstalled?: boolean;
  /** Virtual ms the lab clock moves on every read (default 2 s). */
  clockStepMs?: number;
  /** Also told of every request, after the clock moved (a test moving time on a refused one). */
  onRequest?: (info: RequestReport) => void;
}

export interface ModuleRunOptions {
  isDryRun?: boolean;
  vars?: Record<string, unknown>;
  /** SSH sessions for check.latency / check.l2. */
  ssh?: ModuleServices['ssh'];
  inventory?: Inventory;
  /** Extra modules for this run, beside the registry's (a step that cuts a site's power). */
  modules?: RunEngineOptions['modules'];
}

export interface ModuleRun extends EngineRun {
  /** The engine API requests this run made. */
  stats: OlvmStats;
}

export interface ModuleLab {
  lab: LabEngine;
  inventory: Inventory;
  run(steps: StepInput[], options?: ModuleRunOptions): Promise<ModuleRun>;
  close(): Promise<void>;
}

/**
 * Poll fast in tests: the lab clock, not the wall clock, decides how long things take. Timeouts count on the
 * engine's (the lab's) clock, which every read moves forward, so they are as long as a real engine would need.
 */
export const FAST = { poll: '5ms', timeout: '30m' } as const;

export async function startModuleLab(options: ModuleLabOptions = {}): Promise<ModuleLab> {
  const stateDir = await mkdtemp(join(tmpdir(), 'olvm-modules-'));
  const base = makeInventory(options.inventory);
  const lab = await startLabEngine({
    https: false,
    inventory: base,
    port: 0,
    preinstalled: options.preinstalled ?? true,
    speed: 0,
    stateDir,
  });
  const inventory: Inventory = { ...base, engine: { ...base.engine, url: lab.url } };
  const advance = advanceClockOnReads(lab, options.clockStepMs ?? 2_000);
  const connect = (isDryRun: boolean): OlvmClient =>
    createOlvmClient({
      url: lab.url,
      username: 'admin@internal',
      password: DEFAULT_LAB_PASSWORD,
      isReadOnly: isDryRun,
      retry: FAST_RETRY,
      timeoutMs: 10_000,
      onRequest: (info) => {
        advance(info);
        options.onRequest?.(info);
      },
    });
  return {
    lab,
    inventory,
    async run(steps, runOptions = {}) {
      const client = connect(runOptions.isDryRun === true);
      try {
        const run = await runEngine({
          steps,
          inventory: runOptions.inventory ?? inventory,
          isDryRun: runOptions.isDryRun === true,
          isYes: true,
          ...(runOptions.vars ? { vars: runOptions.vars } : {}),
          ...(runOptions.modules ? { modules: runOptions.modules } : {}),
          services: {
            engine: () => Promise.resolve(client),
            ssh: runOptions.ssh ?? (() => Promise.reject(new Error('no ssh in this test'))),
          },
        });
        return { ...run, stats: client.stats() };
      } finally {
        await client.close();
      }
    },
    async close() {
      await lab.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * A module lab on a self-hosted engine: hosted-engine hosts kvm-a1 and kvm-b1, plain hosts kvm-a2 and kvm-b2, and
 * the engine VM's own entry.
 */
export function startSelfHostedModuleLab(options: Omit<ModuleLabOptions, 'inventory'> = {}): Promise<ModuleLab> {
  const hosts = {
    'kvm-a1': makeHost('kvm-a1', 'primary', { hostedEngine: true }),
    'kvm-a2': makeHost('kvm-a2', 'primary'),
    'kvm-b1': makeHost('kvm-b1', 'secondary', { hostedEngine: true }),
    'kvm-b2': makeHost('kvm-b2', 'secondary'),
    engine: makeHost('engine', undefined),
  };
  return startModuleLab({ ...options, inventory: { engine: { kind: 'self-hosted', ha: 'hosted-engine' }, hosts } });
}

/** Loopback addresses of the simulated hosts (one per host, as on a real network). */
export const SIMULATED_ADDRESSES: Record<string, string> = {
  'kvm-a1': '127.10.1.11',
  'kvm-a2': '127.10.1.12',
  'kvm-b1': '127.10.2.21',
  'kvm-b2': '127.10.2.22',
  engine: '127.10.1.5',
};

export interface SshLab {
  inventory: Inventory;
  hosts: SimulatedHosts;
  /** The run's SSH sessions, read-only in dry-run as the CLI makes them. */
  pool(isDryRun: boolean): SshPool;
  close(): Promise<void>;
}

/** The lab's simulated hosts answering SSH on loopback, and an inventory that reaches them. */
export async function startSshLab(
  options: { inventory?: InventoryOverrides; latencyMs?: number; subnets?: SiteSubnets } = {}
): Promise<SshLab> {
  const stateDir = await mkdtemp(join(tmpdir(), 'check-ssh-'));
  const hostsWith = (ports: Record<string, number> = {}, keyFile?: string) =>
    Object.fromEntries(
      Object.entries(SIMULATED_ADDRESSES).map(([name, address]) => [
        name,
        makeHost(name, name.startsWith('kvm-a') ? 'primary' : name.startsWith('kvm-b') ? 'secondary' : undefined, {
          address,
          port: ports[name] ?? 22,
          ...(keyFile !== undefined ? { auth: { keyFile } } : {}),
        }),
      ])
    );
  const base = makeInventory({ ...options.inventory, hosts: hostsWith() });
  const hosts = await startSimulatedHosts({
    inventory: base,
    stateDir,
    port: 0,
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.subnets !== undefined ? { subnets: options.subnets } : {}),
  });
  const ports = Object.fromEntries(Object.entries(hosts.endpoints).map(([name, e]) => [name, e.port]));
  const inventory: Inventory = {
    ...base,
    hosts: hostsWith(ports, hosts.clientKeyPath),
    ssh: { ...base.ssh, knownHosts: hosts.knownHostsPath, keyFile: hosts.clientKeyPath },
  };
  const pools: SshPool[] = [];
  return {
    inventory,
    hosts,
    pool(isDryRun) {
      const pool = createSshPool(inventory, { isDryRun });
      pools.push(pool);
      return pool;
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
      await hosts.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Runs steps that need only SSH (check.latency, check.l2) through the engine. */
export async function runWithSsh(ssh: SshLab, steps: StepInput[], isDryRun = false): Promise<EngineRun> {
  const pool = ssh.pool(isDryRun);
  return runEngine({
    steps,
    inventory: ssh.inventory,
    isDryRun,
    isYes: true,
    services: {
      ssh: (host) => pool.session(host),
      engine: () => Promise.reject(new Error('no engine in this test')),
    },
  });
}
