/**
 * The journal's cost per step x target: the engine in-process running `echo` steps with a null sink, then with a
 * JournalWriter on disk (redaction, serialization, hash chain, one write + fdatasync per flush). Shared by the
 * resume benchmark.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRun } from '../src/engine/execute';
import type { EventSink } from '../src/engine/events';
import { loadInventory } from '../src/inventory/load';
import type { Inventory } from '../src/inventory/types';
import type { Runbook, Step } from '../src/runbook/types';
import { JournalWriter } from '../src/runs/journal';
import { nullSink } from '../src/ui/tee';

export interface JournalCost {
  steps: number;
  targets: number;
  nullUsPerTask: number;
  journalUsPerTask: number;
  costUsPerTask: number;
  syncs: number;
  tasksPerSync: number;
  bytesPerTask: number;
}

const CONFIGS = [
  { steps: 2000, targets: 1 },
  { steps: 200, targets: 10 },
];

/** An inventory of `targets` primary hosts on loopback (nothing listens: the runs use `echo` steps only). */
export const echoInventoryYaml = (name: string, targets: number): string => {
  const hosts = Array.from({ length: targets }, (_, i) => `kvm-${i}: { address: 127.0.0.1 }`).join(', ');
  return `name: ${name}
engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { ${hosts} } }
  secondary: { storage_domains: [data-b], hosts: { spare: { address: 127.0.0.1 } } }
`;
};

/** A runbook of `steps` `echo` steps on the primary site, ids `<idPrefix>-N`. */
export function echoRunbook(name: string, steps: number, idPrefix: string): Runbook {
  const list: Step[] = Array.from({ length: steps }, (_, i) => ({
    id: `${idPrefix}-${i}`,
    module: 'echo',
    args: { msg: `step ${i}` },
    hosts: 'site:primary',
    ignoreErrors: false,
    tags: [],
    source: { file: `${name}.yaml`, line: i + 1, column: 1 },
  }));
  return { name, path: '/dev/null', vars: {}, steps: list, files: [] };
}

async function timeRun(runbook: Runbook, inventory: Inventory, sink: EventSink): Promise<number> {
  const started = process.hrtime.bigint();
  const summary = await executeRun({
    runId: 'cost',
    runbook,
    inventory,
    isDryRun: false,
    isYes: true,
    sink,
    services: { ssh: () => Promise.reject(new Error('no ssh')), engine: () => Promise.reject(new Error('no engine')) },
    prompt: () => Promise.resolve(true),
    signal: new AbortController().signal,
  });
  if (summary.status !== 'ok') throw new Error(`the cost run ended ${summary.status}`);
  return Number(process.hrtime.bigint() - started) / 1e3;
}

async function measureOne(dir: string, steps: number, targets: number): Promise<JournalCost> {
  const inventoryPath = join(dir, `inventory-${targets}.yaml`);
  writeFileSync(inventoryPath, echoInventoryYaml('cost', targets));
  const inventory = await loadInventory(inventoryPath);
  const runbook = echoRunbook('cost', steps, 'echo');
  await timeRun(echoRunbook('cost', 50, 'echo'), inventory, nullSink); // warm up
  const nullUs = await timeRun(runbook, inventory, nullSink);
  const journalPath = join(dir, `journal-${steps}x${targets}.jsonl`);
  const writer = await JournalWriter.create(journalPath);
  const journalUs = await timeRun(runbook, inventory, writer);
  await writer.close();
  const tasks = steps * targets;
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    steps,
    targets,
    nullUsPerTask: round(nullUs / tasks),
    journalUsPerTask: round(journalUs / tasks),
    costUsPerTask: round((journalUs - nullUs) / tasks),
    syncs: writer.syncCount,
    tasksPerSync: round(tasks / writer.syncCount),
    bytesPerTask: Math.round(statSync(journalPath).size / tasks),
  };
}

export async function measureJournalCost(): Promise<JournalCost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-journal-'));
  try {
    const results: JournalCost[] = [];
    for (const config of CONFIGS) results.push(await measureOne(dir, config.steps, config.targets));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
