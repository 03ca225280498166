/**
 * The PostgreSQL state backend with two real `runbook` processes, a real PostgreSQL server (started by the test
 * helper on loopback) and one lab engine. Each "machine" is a child process with its own state directory and lock
 * directory; they share only the inventory (the database URL by `file:` reference) and the database. Machine A
 * changes the engine and holds its advisory lock; machine B is refused, naming A; A is SIGKILLed mid-run and the
 * server ends its session, which frees the lock; B lists the run, reads its journal, resumes it and verifies the
 * signed result, all from the database.
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
import { testdir } from '../helpers/cli';
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

/** The database URL by reference: `file:` in the team's inventory, `env:` in the one the wrong-password test uses. */
function inventoryYaml(url: string, dbUrl: string): string {
  return `name: pg-e2e
engine: { kind: standalone, url: "${url}", username: admin@internal, password: "env:RB_PG_ENGINE_PASSWORD", ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 }, kvm-a2: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 }, kvm-b2: { address: 127.0.0.1 } } }
state: { backend: postgresql, url: "${dbUrl}", schema: team_state, signing_key: ops_key, checkpoint: 0s }
`;
}

/** Polls `check` (a file, a database row): the test waits for states, never for a time. 60 s is a hang guard. */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  child?: Promise<CliProcessResult>
): Promise<void> {
  let ended: CliProcessResult | undefined;
  void child?.then((r) => (ended = r));
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (ended) throw new Error(`the run ended before ${what}: ${JSON.stringify(ended)}`);
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describePostgres('the PostgreSQL state backend: two runbook processes, two machines, one engine', () => {
  let server: PostgresServer;
  let lab: LabEngine;
  let dir: TestDir;
  let launcher: string;

  beforeAll(async () => {
    launcher = buildCli('pg-backend');
    server = await startPostgres();
    lab = await startLabEngine({ inventory: makeInventory(), https: false, port: 0, preinstalled: true, speed: 0 });
    dir = testdir({
      'inventory.yaml': inventoryYaml(lab.url, 'file:pg-url'),
      'env-url.yaml': inventoryYaml(lab.url, 'env:RB_PG_URL'),
    });
    writeFileSync(dir.file('pg-url'), `${server.url}\n`, { mode: 0o600 });
    writeFileSync(dir.file('holding.yaml'), holding(dir.path));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', IDENTITY, '-f', dir.file('ops_key')]);
    const publicKey = readFileSync(dir.file('ops_key.pub'), 'utf8').trim();
    writeFileSync(dir.file('allowed_signers'), `${IDENTITY} namespaces="${JOURNAL_NAMESPACE}" ${publicKey}\n`);
    // buildCli transpiles src/ synchronously and initdb runs: tens of seconds on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    if (launcher) removeBuiltCli(launcher);
    dir?.cleanup();
    await lab?.close();
    await server?.stop();
  });

  /** Each "machine" has its own state directory and its own lock directory: only the database is shared. */
  const machine = (name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    RUNBOOK_STATE_DIR: join(dir.path, name, 'state'),
    RUNBOOK_LOCK_DIR: join(dir.path, name, 'locks'),
    RB_PG_ENGINE_PASSWORD: DEFAULT_LAB_PASSWORD,
    SSH_AUTH_SOCK: '',
    ...extra,
  });
  /** `runbook ARGS` as its own process on machine B. */
  const onB = (...args: string[]): Promise<CliProcessResult> =>
    spawnCli(launcher, args, { cwd: dir.path, env: machine('machine-b') });

  /** The runs whose session holds an advisory lock, as the server sees it (pg_locks), with their session's pid. */
  async function lockHolders(): Promise<{ run_id: string; backend_pid: number }[]> {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const rows = await client.query<{ run_id: string; backend_pid: number }>(
        'SELECT l.run_id, l.backend_pid FROM team_state.locks l ' +
          "JOIN pg_locks p ON p.locktype = 'advisory' AND p.granted AND p.pid = l.backend_pid"
      );
      return rows.rows;
    } finally {
      await client.end();
    }
  }

  async function isSessionAlive(pid: number): Promise<boolean> {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const rows = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      return rows.rowCount === 1;
    } finally {
      await client.end();
    }
  }

  it('A holds the lock and B is refused naming it; A is SIGKILLed, the server frees the lock; B lists, reads, resumes and verifies the run', async () => {
    let childA: ChildProcess | undefined;
    const runA = spawnCli(launcher, ['exec', 'holding.yaml', '-i', 'inventory.yaml'], {
      cwd: dir.path,
      env: machine('machine-a'),
      onSpawn: (child) => (childA = child),
    });
    await waitFor(() => existsSync(dir.file('holding')), 'machine A to hold the engine', runA);
    const holders = await lockHolders();
    expect(holders).toHaveLength(1);
    const [{ run_id: runId, backend_pid: sessionA }] = holders as [{ run_id: string; backend_pid: number }];
    expect(runId).toMatch(/^\d{4}-/);
    const pidA = (childA as ChildProcess).pid;
    expect(pidA).toBeDefined();

    lab.writes.reset();
    const refused = await onB('exec', 'holding.yaml', '-i', 'inventory.yaml');
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.stderr).toMatch(
      new RegExp(
        `another run is changing engine ${escape(lab.url)} \\(cluster stretch\\): run ${runId} ` +
          `\\(pid ${pidA} on \\S+, state ${escape(join(dir.path, 'machine-a', 'state'))}\\) holds the lock ` +
          'the PostgreSQL advisory lock -?\\d+ of postgresql://127\\.0\\.0\\.1:\\d+/postgres \\(schema team_state\\)'
      )
    );
    expect(refused.stdout).not.toMatch(/\bspm\b/);
    expect(lab.writes.count()).toBe(0); // refused before it wrote anything
    expect(existsSync(join(dir.path, 'machine-b', 'state', 'runs'))).toBe(false);

    const listed = await onB('runs', '-i', 'inventory.yaml');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${runId} .* running`));

    killGroup(childA as ChildProcess);
    const killed = await runA;
    expect([killed.code, killed.signal]).toEqual([null, 'SIGKILL']);
    await waitFor(async () => (await lockHolders()).length === 0, 'the server to end A\u2019s session and its lock');
    expect(await isSessionAlive(sessionA)).toBe(false);

    const crashed = await onB('runs', '-i', 'inventory.yaml', '--json');
    expect(crashed.code).toBe(0);
    expect(JSON.parse(crashed.stdout.trim().split('\n')[0]!)).toMatchObject({ id: runId, state: 'crashed' });
    const journalOfA = await onB('log', runId, '-i', 'inventory.yaml');
    expect(journalOfA.code).toBe(0);
    expect(journalOfA.stdout).toContain(`run ${runId}: changes the engine, then holds`);
    expect(journalOfA.stdout).toMatch(/\bspm\s+kvm-a1\b.*\bchanged\b/);
    expect(journalOfA.stdout).toContain(`no run.finished: the run crashed or is still running`);
    expect(journalOfA.stdout).not.toMatch(/\bafter\b.*\bok\b/);

    writeFileSync(dir.file('release'), '');
    const resumed = await onB('exec', 'holding.yaml', '-i', 'inventory.yaml', '--resume', runId);
    expect(resumed.code).toBe(ExitCode.OK);
    expect(resumed.stdout).toContain(`Resuming run ${runId}: 1 task already done`);
    expect(existsSync(join(dir.path, 'machine-b', 'state', 'runs', runId, 'journal.jsonl'))).toBe(true);
    expect(await lockHolders()).toEqual([]); // B released the lock at its end

    const log = await onB('log', runId.slice(0, 20), '-i', 'inventory.yaml');
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(/resumed by \S+: 1 tasks already done/);
    expect(log.stdout).toMatch(/run ok after/);
    const audit = await onB('audit', 'verify', runId, '-i', 'inventory.yaml', '--signers', 'allowed_signers');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/intact, hash chain unbroken/);
    expect(audit.stdout).toMatch(new RegExp(`signed by ${escape(IDENTITY)}`));
    const exported = await onB('audit', 'export', runId, '-i', 'inventory.yaml');
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n').at(-1)).toMatch(/"action":"run.finished"/);
    const report = await onB('report', runId, '-i', 'inventory.yaml', '--json');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ runId, journal: { isIntact: true } });
    const finished = await onB('runs', '-i', 'inventory.yaml', '--json');
    expect(JSON.parse(finished.stdout.trim().split('\n')[0]!)).toMatchObject({ id: runId, state: 'ok' });
    for (const output of [killed, refused, listed, crashed, journalOfA, resumed, log, audit, exported, finished]) {
      expect(output.stdout + output.stderr).not.toContain(server.password);
    }
    const journal = readFileSync(join(dir.path, 'machine-b', 'state', 'runs', runId, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(server.password);
  }, 240_000);

  it('exits 5 when the database refuses the password, naming the backend and never the password', async () => {
    const wrong = 'not-the-db-password';
    const result = await spawnCli(launcher, ['runs', '-i', 'env-url.yaml'], {
      cwd: dir.path,
      env: machine('machine-b', { RB_PG_URL: server.url.replace(server.password, wrong) }),
    });
    expect(result.code).toBe(ExitCode.CONNECTION);
    expect(result.stderr).toMatch(
      /state backend postgresql:\/\/127\.0\.0\.1:\d+\/postgres \(schema team_state\): cannot connect: .*password authentication failed/
    );
    expect(result.stdout + result.stderr).not.toContain(wrong);
  }, 60_000);

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
  }, 60_000);
});
