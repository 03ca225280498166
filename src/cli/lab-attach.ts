/**
 * `runbook exec` / `plan` on a lab inventory (one with `lab:`, such as the default inventories/lab.yaml): use the
 * lab that is running (`.runbook/lab/runtime.json` says where), or start one in this process for the run, with
 * its control endpoint and runtime.json, so that `runbook lab fail|recover|status` reach it from a local command
 * or another terminal. The lab is the CLI's business: the engine and the modules only see an inventory pointing
 * at it.
 */
import { join } from 'node:path';
import type { Inventory } from '../inventory/types';
import type { LabRuntimeRecord } from '../lab/runtime-file';
import { readLiveRuntimeRecord } from '../lab/runtime-file';
import { serveLab } from '../lab/serve';
import { loadWorldState } from '../lab/world/persist';
import { resolveStateDir } from '../runs/paths';
import { ExitCode, RunbookError } from '../shared/errors';
import type { CliIo } from './io';

/** Set to 1 to start an in-process lab on free ports instead of the inventory's (tests, several labs at once). */
export const LAB_FREE_PORTS_ENV = 'RUNBOOK_LAB_FREE_PORTS';

/** The lab in the state directory belongs to another inventory. */
export class LabMismatchError extends RunbookError {
  constructor(message: string, hint: string) {
    super(message, { code: 'LAB_MISMATCH', exitCode: ExitCode.REFUSED, hint });
  }
}

export interface AttachedLab {
  /** The inventory pointing at the lab: engine URL, SSH addresses and ports. */
  readonly inventory: Inventory;
  /** One line for the operator: which lab the run uses. */
  readonly note: string;
  close(): Promise<void>;
}

/** Where the lab of this working directory keeps its state (`.runbook/lab`, or `$RUNBOOK_STATE_DIR/lab`). */
export function labStateDirOf(io: CliIo): string {
  return join(resolveStateDir(io.cwd, io.env), 'lab');
}

/** The inventory's copy pointing at a running lab, as its runtime record describes it. */
export function pointAtRunningLab(inventory: Inventory, record: LabRuntimeRecord): Inventory {
  const hosts = Object.fromEntries(
    Object.entries(inventory.hosts).map(([name, host]) => {
      const endpoint = record.endpoints[name];
      return [name, endpoint ? { ...host, address: endpoint.address, port: endpoint.port } : host];
    })
  );
  return { ...inventory, engine: { ...inventory.engine, url: record.engineUrl }, hosts };
}

/** A saved world of the other engine kind cannot serve this inventory (lab.yaml vs lab-self-hosted.yaml). */
async function assertSavedWorldFits(inventory: Inventory, stateDir: string): Promise<void> {
  const saved = await loadWorldState(stateDir);
  if (saved === undefined || saved.engineKind === inventory.engine.kind) return;
  throw new LabMismatchError(
    `the lab saved in ${stateDir} has a ${saved.engineKind} engine, and ${inventory.path} a ${inventory.engine.kind} one`,
    'start over with `runbook lab reset`, or keep both labs apart with RUNBOOK_STATE_DIR=.runbook-other'
  );
}

async function startInProcess(inventory: Inventory, stateDir: string, io: CliIo): Promise<AttachedLab> {
  await assertSavedWorldFits(inventory, stateDir);
  const served = await serveLab({
    inventory,
    stateDir,
    inventoryPath: inventory.path,
    isOnFreePorts: io.env[LAB_FREE_PORTS_ENV] === '1',
  });
  return {
    inventory: served.lab.inventory,
    note: `lab: started in this process for the run (engine ${served.lab.engine.url}, state ${stateDir})`,
    close: () => served.close(),
  };
}

/** The lab a run on `inventory` uses, or undefined when the inventory is not a lab's. */
export async function attachLab(inventory: Inventory, io: CliIo): Promise<AttachedLab | undefined> {
  if (inventory.lab === undefined) return undefined;
  const stateDir = labStateDirOf(io);
  const record = await readLiveRuntimeRecord(stateDir);
  if (record === undefined) return startInProcess(inventory, stateDir, io);
  if (record.inventory !== inventory.path) {
    throw new LabMismatchError(
      `the running lab (pid ${record.pid}) serves ${record.inventory}, not ${inventory.path}`,
      `run with -i ${record.inventory}, or stop that lab first (runbook lab stop)`
    );
  }
  return {
    inventory: pointAtRunningLab(inventory, record),
    note: `lab: using the running lab (pid ${record.pid}, engine ${record.engineUrl})`,
    close: () => Promise.resolve(),
  };
}
