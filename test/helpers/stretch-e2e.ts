/**
 * The shipped runbooks through the CLI (in-process `main`) on a fresh embedded lab: a temp working directory with
 * its own state directory, and the lab that `runbook exec` starts in-process on free loopback ports. Between
 * runs the lab saves its world in `<state>/lab`, which the tests read to check the final state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import type { RunEvent, TaskFinishedEvent } from '../../src/engine/events';
import { loadInventory } from '../../src/inventory/load';
import type { Inventory } from '../../src/inventory/types';
import type { WorldState } from '../../src/lab/world/model';
import { loadWorldState } from '../../src/lab/world/persist';
import { readJournal } from '../../src/runs/read';
import { listRunIds } from '../../src/runs/store';
import { runCli } from './cli';
import type { CliResult } from './cli';

export interface StretchLab {
  readonly cwd: string;
  readonly stateDir: string;
  readonly inventoryPath: string;
  /** The inventory as the runs load it (lab defaults in this lab's state directory). */
  inventory(): Promise<Inventory>;
  /** `runbook exec runbooks/FILE -i INVENTORY ARGS...` */
  exec(file: string, ...args: string[]): Promise<CliResult>;
  cli(...args: string[]): Promise<CliResult>;
  /** The world as the lab saved it when the last run ended. */
  world(): Promise<WorldState>;
  runIds(): string[];
  /** The `task.finished` events of a run, by step id. */
  finished(runId: string, stepId: string): TaskFinishedEvent[];
  cleanup(): void;
}

export function freshStretchLab(inventoryFile: string): StretchLab {
  const cwd = mkdtempSync(join(tmpdir(), 'runbook-stretch-'));
  const stateDir = join(cwd, '.runbook');
  const inventoryPath = resolve('inventories', inventoryFile);
  const cli = (...args: string[]) => runCli(args, { cwd, env: { [LAB_FREE_PORTS_ENV]: '1' } });
  return {
    cwd,
    stateDir,
    inventoryPath,
    inventory: () => loadInventory(inventoryPath, { stateDir: join(stateDir, 'lab') }),
    exec: (file, ...args) => cli('exec', resolve('runbooks', file), '-i', inventoryPath, ...args),
    cli,
    async world() {
      const world = await loadWorldState(join(stateDir, 'lab'));
      if (world === undefined) throw new Error(`no lab world saved in ${stateDir}/lab`);
      return world;
    },
    runIds: () => listRunIds(stateDir),
    finished(runId, stepId) {
      const { events } = readJournal(join(stateDir, 'runs', runId, 'journal.jsonl'));
      return events.filter((e: RunEvent): e is TaskFinishedEvent => e.type === 'task.finished' && e.stepId === stepId);
    },
    cleanup: () => rmSync(cwd, { recursive: true, force: true }),
  };
}
