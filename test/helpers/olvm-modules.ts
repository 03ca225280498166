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
import { runEngine } from './engine';
import type { EngineRun, StepInput } from './engine';
import { advanceClockOnReads, FAST_RETRY } from './olvm-lab';
import { makeInventory } from './inventory';
import type { InventoryOverrides } from './inventory';

export interface ModuleLabOptions {
  inventory?: InventoryOverrides;
  preinstalled?: boolean;
  /** Virtual ms the lab clock moves on every read (default 2 s). */
  clockStepMs?: number;
}

export interface ModuleRunOptions {
  isDryRun?: boolean;
  vars?: Record<string, unknown>;
  /** SSH sessions for check.latency / check.l2. */
  ssh?: ModuleServices['ssh'];
  inventory?: Inventory;
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

/** Poll fast in tests: the lab clock, not the wall clock, decides how long things take. */
export const FAST = { poll: '5ms', timeout: '60s' } as const;

export async function startModuleLab(options: ModuleLabOptions = {}): Promise<ModuleLab> {
  const stateDir = await mkdtemp(join(tmpdir(), 'olvm-modules-'));
  const base = makeInventory(options.inventory);
  const lab = await startLabEngine({
    inventory: base,
    port: 0,
    preinstalled: options.preinstalled ?? true,
    speed: 0,
    stateDir,
  });
  const inventory: Inventory = { ...base, engine: { ...base.engine, url: lab.url } };
  const connect = (isDryRun: boolean): OlvmClient =>
    createOlvmClient({
      url: lab.url,
      username: 'admin@internal',
      password: DEFAULT_LAB_PASSWORD,
      isReadOnly: isDryRun,
      retry: FAST_RETRY,
      timeoutMs: 10_000,
      onRequest: advanceClockOnReads(lab, options.clockStepMs ?? 2_000),
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
