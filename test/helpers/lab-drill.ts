/**
 * A drill against an in-process lab engine through the real CLI: `runbook exec DRILL` with an inventory that points
 * at the lab, then `runbook report RUN --json`. The lab's clock jumps to each next world event (auto mode), so a
 * drill of virtual minutes takes a moment, and its event log keeps the engine's own timestamps to compare with.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory } from '../../src/inventory/load';
import { ClockMode, DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import type { EventRecord } from '../../src/lab/world/model';
import type { DrillReportDocument } from '../../src/report/json';
import { listRunIds } from '../../src/runs/store';
import { runCli, testdir } from './cli';
import type { CliResult, TestDir } from './cli';

const PASSWORD_ENV = 'RUNBOOK_TEST_LAB_PASSWORD';

/** Two hosts per site; db-1 and app-1 live on the primary, web-1 on the secondary (all HA with leases). */
export function labDrillInventory(url: string): string {
  return `name: drill-lab
engine: { kind: standalone, url: "${url}", username: admin@internal, password: env:${PASSWORD_ENV}, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.1.11 }, kvm-a2: { address: 127.0.1.12 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.2.21 }, kvm-b2: { address: 127.0.2.22 } } }
vms:
  - { name: db-1, site: primary, memory: 2GiB, priority: 100 }
  - { name: app-1, site: primary, memory: 2GiB, priority: 50 }
  - { name: web-1, site: secondary, memory: 2GiB, priority: 20 }
`;
}

export interface LabDrill {
  lab: LabEngine;
  exec: CliResult;
  shown: CliResult;
  report: DrillReportDocument;
  /** The lab's event log after the drill. */
  events: readonly EventRecord[];
  hostId(name: string | undefined): string | undefined;
  vmId(name: string): string | undefined;
  /** The lab's last event matching, at or before `until` (engine clock). */
  lastEvent(match: (e: EventRecord) => boolean, until?: number): EventRecord;
  close(): Promise<void>;
}

export interface LabDrillOptions {
  /** The drill runbook (YAML). */
  drill: string;
  /** Done to the lab before the run (e.g. a site failure). */
  before?(lab: LabEngine): void;
}

export async function runLabDrill(options: LabDrillOptions): Promise<LabDrill> {
  process.env[PASSWORD_ENV] = DEFAULT_LAB_PASSWORD;
  const dir: TestDir = testdir({ 'inventory.yaml': labDrillInventory('http://127.0.0.1:1/ovirt-engine/api') });
  writeFileSync(dir.file('drill.yaml'), options.drill);
  const inventory = await loadInventory(dir.file('inventory.yaml'));
  const lab = await startLabEngine({
    inventory,
    port: 0,
    preinstalled: true,
    speed: 0,
    stateDir: join(dir.path, 'lab'),
  });
  lab.clock.setMode(ClockMode.AUTO);
  writeFileSync(dir.file('inventory.yaml'), labDrillInventory(lab.url));
  options.before?.(lab);
  const env = { [PASSWORD_ENV]: DEFAULT_LAB_PASSWORD };
  const exec = await runCli(['exec', 'drill.yaml', '-i', 'inventory.yaml', '--yes'], { cwd: dir.path, env });
  const [runId] = listRunIds(join(dir.path, '.runbook'));
  const shown = await runCli(['report', runId ?? 'no-run', '--json'], { cwd: dir.path, env });
  const events = lab.events.list();
  return {
    lab,
    exec,
    shown,
    report: (shown.stdout === '' ? {} : JSON.parse(shown.stdout)) as DrillReportDocument,
    events,
    hostId: (name) => lab.world.state.hosts.find((h) => h.name === name)?.id,
    vmId: (name) => lab.world.state.vms.find((v) => v.name === name)?.id,
    lastEvent(match, until = Number.POSITIVE_INFINITY) {
      const found = [...events].reverse().find((e) => e.time <= until && match(e));
      if (!found) throw new Error('the lab has no such event');
      return found;
    },
    async close() {
      await lab.close();
      dir.cleanup();
      delete process.env[PASSWORD_ENV];
    },
  };
}
