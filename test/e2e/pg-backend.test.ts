/**
 * The PostgreSQL state backend with real processes, a real PostgreSQL server (started by the test helper on
 * loopback) and a lab engine: two "machines" (each its own state directory and lock directory) run against the
 * same engine. The first holds the engine's advisory lock; the second is refused; the first is SIGKILLed and the
 * lock frees with its session; the second resumes the run, and reads runs, log and the signed audit from the
 * database.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import { JOURNAL_NAMESPACE } from '../../src/runs/sshsig';
import { ExitCode } from '../../src/shared/errors';
import { buildCli, killGroup, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { CliProcessResult } from '../helpers/built-cli';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { makeInventory } from '../helpers/inventory';
import { describePostgres } from '../helpers/describe-postgres';
import { startPostgres } from '../helpers/postgres';
import type { PostgresServer } from '../helpers/postgres';

const IDENTITY = 'ops@example.com';

const holding = (dir: string): string => `name: changes the engine, then holds
steps:
  - id: spm
    hosts: kvm-a1
    olvm.host: { spm_priority: 7 }
  - id: hold
    local.command: { shell: "touch holding; while [ ! -e release ]; do sleep 0.05; done", cwd: "${dir}" }
  - id: after
    echo: { msg: done }
`;

function inventoryYaml(url: string): string {
  return `name: pg-e2e
engine: { kind: standalone, url: "${url}", username: admin@internal, password: "env:RB_PG_ENGINE_PASSWORD", ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 }, kvm-a2: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 }, kvm-b2: { address: 127.0.0.1 } } }
state: { backend: postgresql, url: "env:RB_PG_URL", schema: team_state, signing_key: ops_key, checkpoint: 0s }
`;
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  child?: Promise<CliProcessResult>
): Promise<void> {
  let ended: CliProcessResult | undefined;
  void child?.then((r) => (ended = r));
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (ended) throw new Error(`the run ended before ${what}: ${JSON.stringify(ended)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describePostgres('the PostgreSQL state backend, two machines, one engine', () => {
  let server: PostgresServer;
  let lab: LabEngine;
  let dir: TestDir;
  let launcher: string;

  beforeAll(async () => {
    launcher = buildCli('pg-backend');
    server = await startPostgres();
    lab = await startLabEngine({ inventory: makeInventory(), port: 0, preinstalled: true, speed: 0 });
    dir = testdir({ 'inventory.yaml': inventoryYaml(lab.url) });
    writeFileSync(dir.file('holding.yaml'), holding(dir.path));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', IDENTITY, '-f', dir.file('ops_key')]);
    const publicKey = readFileSync(dir.file('ops_key.pub'), 'utf8').trim();
    writeFileSync(dir.file('allowed_signers'), `${IDENTITY} namespaces="${JOURNAL_NAMESPACE}" ${publicKey}\n`);
    process.env['RB_PG_URL'] = server.url;
    process.env['RB_PG_ENGINE_PASSWORD'] = DEFAULT_LAB_PASSWORD;
  }, 120_000);
  afterAll(async () => {
    delete process.env['RB_PG_URL'];
    delete process.env['RB_PG_ENGINE_PASSWORD'];
    removeBuiltCli(launcher);
    dir?.cleanup();
    await lab?.close();
    await server?.stop();
  });

  /** Each "machine" has its own state directory and its own lock directory: only the database is shared. */
  const machine = (name: string) => ({
    RUNBOOK_STATE_DIR: join(dir.path, name, 'state'),
    RUNBOOK_LOCK_DIR: join(dir.path, name, 'locks'),
    RB_PG_URL: server.url,
    RB_PG_ENGINE_PASSWORD: DEFAULT_LAB_PASSWORD,
    SSH_AUTH_SOCK: '',
  });
  const onB = (...args: string[]) => runCli(args, { cwd: dir.path, env: machine('machine-b') });

  async function heldByRun(): Promise<string[]> {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const rows = await client.query<{ run_id: string }>(
        "SELECT l.run_id FROM team_state.locks l JOIN pg_locks p ON p.locktype = 'advisory' AND p.pid = l.backend_pid"
      );
      return rows.rows.map((r) => r.run_id);
    } finally {
      await client.end();
    }
  }

  it('refuses the second machine while the first holds the lock; frees it when the holder is SIGKILLed; the second resumes the run and reads it all from the database', async () => {
    let childA: ChildProcess | undefined;
    const runA = spawnCli(launcher, ['exec', 'holding.yaml', '-i', 'inventory.yaml'], {
      cwd: dir.path,
      env: machine('machine-a'),
      onLine: (_line, child) => (childA = child),
    });
    await waitFor(() => existsSync(dir.file('holding')), 'the first run holds the engine', runA);
    const [runId] = await heldByRun();
    expect(runId).toMatch(/^\d{4}-/);

    const refused = await onB('exec', 'holding.yaml', '-i', 'inventory.yaml');
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.stderr).toMatch(
      new RegExp(
        `another run is changing engine \\S+ \\(cluster stretch\\): run ${runId} \\(pid \\d+ on \\S+, state ${join(dir.path, 'machine-a', 'state')}\\) holds the lock the PostgreSQL advisory lock -?\\d+ of postgresql://127\\.0\\.0\\.1:\\d+/postgres \\(schema team_state\\)`
      )
    );
    const listed = await onB('runs', '-i', 'inventory.yaml');
    expect(listed.stdout).toMatch(new RegExp(`${runId} .* running`));

    killGroup(childA as ChildProcess);
    expect((await runA).signal).toBe('SIGKILL');
    await waitFor(async () => (await heldByRun()).length === 0, 'PostgreSQL to end the dead session and free its lock');
    const crashed = await onB('runs', '-i', 'inventory.yaml', '--json');
    expect(JSON.parse(crashed.stdout.trim().split('\n')[0]!)).toMatchObject({ id: runId, state: 'crashed' });

    writeFileSync(dir.file('release'), '');
    const resumed = await onB('exec', 'holding.yaml', '-i', 'inventory.yaml', '--resume');
    expect(resumed.code).toBe(ExitCode.OK);
    expect(resumed.stdout).toContain(`Resuming run ${runId}: 1 task already done`);
    expect(existsSync(join(dir.path, 'machine-b', 'state', 'runs', runId!, 'journal.jsonl'))).toBe(true);

    const log = await onB('log', runId!.slice(0, 20), '-i', 'inventory.yaml');
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(/resumed/i);
    const audit = await onB('audit', 'verify', runId!, '-i', 'inventory.yaml', '--signers', 'allowed_signers');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/intact, hash chain unbroken/);
    expect(audit.stdout).toMatch(new RegExp(`signed by ${IDENTITY.replace('.', '\\.')}`));
    const exported = await onB('audit', 'export', runId!, '-i', 'inventory.yaml');
    expect(exported.stdout.trim().split('\n').at(-1)).toMatch(/"action":"run.finished"/);
    const report = await onB('report', runId!, '-i', 'inventory.yaml', '--json');
    expect(JSON.parse(report.stdout)).toMatchObject({ runId, journal: { isIntact: true } });
    const finished = await onB('runs', '-i', 'inventory.yaml', '--json');
    expect(JSON.parse(finished.stdout.trim().split('\n')[0]!)).toMatchObject({ id: runId, state: 'ok' });
    for (const output of [refused, listed, crashed, resumed, log, audit, exported, finished]) {
      expect(output.stdout + output.stderr).not.toContain(server.password);
    }
    const journal = readFileSync(join(dir.path, 'machine-b', 'state', 'runs', runId!, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(server.password);
  }, 120_000);

  it('exits 5 when the database refuses the password, naming the backend and never the password', async () => {
    const wrong = 'not-the-db-password';
    // Secrets are read from the process environment (src/inventory/secrets.ts).
    process.env['RB_PG_URL'] = server.url.replace(server.password, wrong);
    const result = await onB('runs', '-i', 'inventory.yaml').finally(() => {
      process.env['RB_PG_URL'] = server.url;
    });
    expect(result.code).toBe(ExitCode.CONNECTION);
    expect(result.stderr).toMatch(
      /state backend postgresql:\/\/127\.0\.0\.1:\d+\/postgres \(schema team_state\): cannot connect: .*password authentication failed/
    );
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  it('catches a journal line edited in the database: audit exits 6, runs shows it corrupt', async () => {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const [{ run_id: runId } = { run_id: '' }] = (
        await client.query<{ run_id: string }>('SELECT run_id FROM team_state.journal_lines LIMIT 1')
      ).rows;
      await client.query(
        'UPDATE team_state.journal_lines SET line = replace(line, \'"spm_priority"\', \'"spm_prioritY"\') WHERE run_id = $1',
        [runId]
      );
      const verified = await onB('audit', 'verify', runId, '-i', 'inventory.yaml', '--signers', 'allowed_signers');
      expect(verified.code).toBe(ExitCode.TAMPERED);
      expect(verified.stderr).toMatch(/does not match its digest \(the line was edited\)/);
      const listed = await onB('runs', '-i', 'inventory.yaml', '--json');
      expect(JSON.parse(listed.stdout.trim().split('\n')[0]!)).toMatchObject({ id: runId, state: 'corrupt' });
    } finally {
      await client.end();
    }
  });
});
