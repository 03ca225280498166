/**
 * The lock per engine, with real processes against one lab engine: a run from another state directory is refused
 * while the first changes the engine; a dry run and a read-only runbook may run meanwhile; after the holder is
 * SIGKILLed, the next run clears its lock with a warning.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import { ExitCode } from '../../src/shared/errors';
import { buildCli, killGroup, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { CliProcessResult } from '../helpers/built-cli';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { makeInventory } from '../helpers/inventory';

/** Changes the engine, then holds (the lock with it) until the test creates `release` (in-process runs too). */
const changing = (dir: string): string => `name: changes the engine
steps:
  - id: spm
    hosts: kvm-a1
    olvm.host: { spm_priority: "{{ priority }}" }
  - id: hold
    local.command: { shell: "touch holding; while [ ! -e release ]; do sleep 0.05; done", cwd: "${dir}" }
`;
const READ_ONLY = `name: only reads
steps:
  - id: facts
    olvm.facts: {}
  - id: ready
    check.ha_readiness: {}
    ignore_errors: true
`;

function inventoryYaml(url: string): string {
  return `name: lock-e2e
engine: { kind: standalone, url: "${url}", username: admin@internal, password: "env:RB_LOCK_PASSWORD", ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 }, kvm-a2: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 }, kvm-b2: { address: 127.0.0.1 } } }
vms:
  - { name: db-1, site: primary, memory: 8GiB }
`;
}

async function waitFor(path: string, child: Promise<CliProcessResult>): Promise<void> {
  let isDone = false;
  void child.then(() => (isDone = true));
  while (!existsSync(path)) {
    if (isDone) throw new Error(`the first run ended before holding: ${JSON.stringify(await child)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two runs against one engine from two state directories', () => {
  let lab: LabEngine;
  let dir: TestDir;
  let launcher: string;
  beforeAll(async () => {
    process.env['RB_LOCK_PASSWORD'] = DEFAULT_LAB_PASSWORD;
    launcher = buildCli('engine-lock');
    lab = await startLabEngine({ inventory: makeInventory(), https: false, port: 0, preinstalled: true, speed: 0 });
    dir = testdir({ 'read-only.yaml': READ_ONLY, 'inventory.yaml': inventoryYaml(lab.url) });
    writeFileSync(dir.file('changing.yaml'), changing(dir.path));
    // buildCli transpiles src/ synchronously: tens of seconds on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    delete process.env['RB_LOCK_PASSWORD'];
    removeBuiltCli(launcher);
    dir.cleanup();
    await lab.close();
  });

  const env = (state: string) => ({
    RUNBOOK_STATE_DIR: join(dir.path, state),
    RUNBOOK_LOCK_DIR: join(dir.path, 'locks'),
    RB_LOCK_PASSWORD: DEFAULT_LAB_PASSWORD,
  });
  const second = (file: string, ...args: string[]) =>
    runCli(['exec', file, '-i', 'inventory.yaml', ...args], { cwd: dir.path, env: env('state-b') });

  function startFirst(priority: number): { done: Promise<CliProcessResult>; child: () => ChildProcess } {
    let process: ChildProcess | undefined;
    const done = spawnCli(launcher, ['exec', 'changing.yaml', '-i', 'inventory.yaml', '-e', `priority=${priority}`], {
      cwd: dir.path,
      env: env('state-a'),
      onSpawn: (child) => (process = child),
    });
    return { done, child: () => process as ChildProcess };
  }

  it('refuses the second while the first changes the engine; a dry run and a read-only run may go meanwhile', async () => {
    const first = startFirst(9);
    await waitFor(join(dir.path, 'holding'), first.done);
    lab.writes.reset();

    const refused = await second('changing.yaml', '-e', 'priority=3');
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.stderr).toMatch(
      new RegExp(
        `another run is changing engine ${lab.url.replace(/[/.]/g, '\\$&')} \\(cluster stretch\\): run \\S+ \\(pid \\d+ on \\S+, state ${join(dir.path, 'state-a')}\\)`
      )
    );
    expect(refused.stdout).not.toContain('spm');

    const dryRun = await second('changing.yaml', '-e', 'priority=3', '--dry-run');
    expect(dryRun.code).toBe(ExitCode.OK);
    const readOnly = await second('read-only.yaml');
    expect(readOnly.code).toBe(ExitCode.OK);
    expect(lab.writes.count()).toBe(0);

    writeFileSync(join(dir.path, 'release'), '');
    expect((await first.done).code).toBe(ExitCode.OK);
    const after = await second('changing.yaml', '-e', 'priority=3');
    expect(after.code).toBe(ExitCode.OK);
  });

  it('clears the lock of a holder that was SIGKILLed, and says so', async () => {
    rmSync(join(dir.path, 'holding'), { force: true });
    rmSync(join(dir.path, 'release'), { force: true });
    const first = startFirst(8);
    await waitFor(join(dir.path, 'holding'), first.done);
    killGroup(first.child());
    expect((await first.done).signal).toBe('SIGKILL');

    writeFileSync(join(dir.path, 'release'), '');
    const next = await second('changing.yaml', '-e', 'priority=4');
    expect(next.code).toBe(ExitCode.OK);
    expect(next.stdout + next.stderr).toMatch(
      /cleared the lock \S+ left by run \S+ \(pid \d+ on \S+\), whose process is gone/
    );
  });
});
