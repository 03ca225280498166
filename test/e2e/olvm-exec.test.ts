/**
 * `runbook exec` with olvm.* and check.* steps against a lab engine on loopback: the CLI wires the engine client
 * (read-only in dry-run), the journal records the correlation ids the engine recorded, and a second run writes
 * nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { makeInventory } from '../helpers/inventory';

const RUNBOOK = `name: olvm e2e
steps:
  - id: ready
    check.ha_readiness: {}
  - id: spm-priority
    hosts: site:primary
    olvm.host: { spm_priority: 9 }
  - id: ha
    loop: "{{ vms }}"
    when: item.high_availability
    olvm.vm:
      name: "{{ item.name }}"
      high_availability: { enabled: true, priority: 50 }
      lease: "{{ sites[item.site].storage_domains[0] }}"
`;

function inventoryYaml(url: string): string {
  return `name: e2e-lab
engine: { kind: standalone, url: "${url}", username: admin@internal, password: "env:RUNBOOK_E2E_ENGINE_PASSWORD", ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.1.11 }, kvm-a2: { address: 127.0.1.12 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.2.21 }, kvm-b2: { address: 127.0.2.22 } } }
vms:
  - { name: db-1, site: primary, memory: 8GiB }
  - { name: app-1, site: primary, memory: 2GiB }
  - { name: web-1, site: secondary, memory: 2GiB }
  - { name: batch-1, site: secondary, memory: 2GiB, high_availability: false }
`;
}

interface JournalLine {
  type: string;
  stepId?: string;
  correlationIds?: string[];
}

/** The events of the newest run's journal (each line is `{seq, prev, event, digest}`). */
function journalOf(dir: TestDir): JournalLine[] {
  const runs = join(dir.path, '.runbook', 'runs');
  const [latest] = readdirSync(runs).sort().reverse();
  return readFileSync(join(runs, latest!, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: JournalLine }).event);
}

describe('runbook exec with engine modules against the lab', () => {
  let lab: LabEngine;
  let dir: TestDir;
  beforeAll(async () => {
    // Secrets are read from the process environment (src/inventory/secrets.ts).
    process.env.RUNBOOK_E2E_ENGINE_PASSWORD = DEFAULT_LAB_PASSWORD;
    lab = await startLabEngine({ inventory: makeInventory(), port: 0, preinstalled: true, speed: 0 });
    dir = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': inventoryYaml(lab.url) });
  });
  afterAll(async () => {
    delete process.env.RUNBOOK_E2E_ENGINE_PASSWORD;
    dir.cleanup();
    await lab.close();
  });

  const exec = (...args: string[]) =>
    runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', ...args], { cwd: dir.path });

  it('plans in a dry run without a write, showing the field changes', async () => {
    lab.writes.reset();
    const result = await exec('--dry-run');
    expect(result.code).toBe(ExitCode.OK);
    expect(lab.writes.count()).toBe(0);
    expect(result.stdout).toContain('spm_priority');
    expect(result.stdout).toContain('high_availability.priority');
  });

  it('applies, and the journal holds the correlation ids the engine recorded', async () => {
    lab.writes.reset();
    const result = await exec();
    expect(result.code).toBe(ExitCode.OK);
    expect(lab.writes.count()).toBe(2 + 3);
    const ids = journalOf(dir).flatMap((line) => (line.type === 'task.finished' ? (line.correlationIds ?? []) : []));
    expect(ids).toHaveLength(5);
    const recorded = new Set(lab.events.list().map((e) => e.correlationId));
    for (const id of ids) expect(recorded.has(id)).toBe(true);
    expect(result.stdout).not.toContain(DEFAULT_LAB_PASSWORD);
  });

  it('writes nothing the second time', async () => {
    lab.writes.reset();
    const result = await exec();
    expect(result.code).toBe(ExitCode.OK);
    expect(lab.writes.count()).toBe(0);
  });
});
