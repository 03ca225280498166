/**
 * A lab others can reach: the lab itself (runtime.ts), its control endpoint (admin.ts) and the runtime record
 * (runtime-file.ts) that `runbook lab status|fail|recover|stop` and `runbook exec` read. Used by
 * `runbook lab start` and by anything that runs a lab in its own process (startEmbeddedLab).
 */
import type { Inventory } from '../inventory/types';
import { startLabAdmin } from './admin';
import { startLab, type RunningLab, type StartLabOptions } from './runtime';
import { readLiveRuntimeRecord, removeRuntimeRecord, writeRuntimeRecord, type LabRuntimeRecord } from './runtime-file';

export interface ServedLab {
  readonly lab: RunningLab;
  readonly record: LabRuntimeRecord;
  /** Resolves when someone asked the lab to stop through its control endpoint. */
  readonly stopRequested: Promise<void>;
  close(): Promise<void>;
}

export interface ServeLabOptions extends StartLabOptions {
  /** The inventory file, recorded for `runbook lab status`. */
  inventoryPath: string;
}

export async function serveLab(options: ServeLabOptions): Promise<ServedLab> {
  const lab = await startLab(options);
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  const admin = await startLabAdmin(lab, () => requestStop()).catch(async (error: unknown) => {
    await lab.close();
    throw error;
  });
  const record: LabRuntimeRecord = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    adminUrl: admin.url,
    token: admin.token,
    engineUrl: lab.engine.url,
    endpoints: lab.hosts.endpoints,
    inventory: options.inventoryPath,
  };
  await writeRuntimeRecord(options.stateDir, record);
  return {
    lab,
    record,
    stopRequested,
    async close() {
      await admin.close();
      await lab.close();
      await removeRuntimeRecord(options.stateDir);
    },
  };
}

/**
 * For `runbook exec` on a lab inventory: serve a lab in this process unless one is running already (or the
 * inventory is not a lab). Returns the served lab to close at the end of the run, or undefined.
 */
export async function startEmbeddedLab(inventory: Inventory, stateDir: string): Promise<ServedLab | undefined> {
  if (!inventory.lab || (await readLiveRuntimeRecord(stateDir)) !== undefined) return undefined;
  return serveLab({ inventory, stateDir, inventoryPath: inventory.path });
}
