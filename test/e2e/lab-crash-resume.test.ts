/**
 * A lab that survives its own crash (#12 item 8): `runbook exec install-standalone.yaml` with the lab started in its
 * own process (the README default) is SIGKILLed at 20 moments and resumed with `--resume` after each. The moments
 * are points of the run's progress, never of the wall clock: right after a given task's `task.finished` became
 * durable in the journal (the CLI's kill hook), or from outside as soon as the run prints a given line (a write to
 * the engine or an SSH command in flight, hosts being added). They fall in four chains of five kills (CHAINS).
 * Every resume must go on without a failed task, the last one must finish, and the engine each chain leaves, read
 * over HTTP, must equal an uninterrupted install's.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { loadInventory } from '../../src/inventory/load';
import type { Inventory } from '../../src/inventory/types';
import { startLabEngine } from '../../src/lab';
import { journalPathOf, runDirOf } from '../../src/runs/paths';
import { readJournal } from '../../src/runs/read';
import { listRunIds } from '../../src/runs/store';
import { buildCli, killGroup, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { CliProcessResult } from '../helpers/built-cli';
import { testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(10 * 60_000);

const RUNBOOK = resolve('runbooks/install-standalone.yaml');
const INVENTORY = resolve('inventories/lab.yaml');

/** With --json the only line on stderr: the lab this run started (and nothing went wrong). */
const LAB_STARTED = expect.stringMatching(/^lab: started in this process for the run \(engine [^\n]*\)\n$/) as string;

interface RunLine {
  type: string;
  stepId?: string;
  target?: string;
  item?: string;
  line?: string;
  status?: string;
}

/** A line of the run's --json output: its type and step, the task's host or loop item, an output's text. */
interface LineMatch {
  type: string;
  stepId: string;
  target?: string;
  item?: string;
  text?: string;
  /** The nth matching line (default 1). */
  nth?: number;
}

/**
 * `durable`: the CLI kills itself right after the journal sync that made this `task.finished` durable (a task that
 * changed something is synced before anything after it starts; every durable moment below is such a task). `line`: the test kills the process group as soon as the run prints this line (what the
 * line announces is under way: a write to the engine, an SSH command, a wait for hosts to come up).
 */
interface Moment {
  kind: 'durable' | 'line';
  at: LineMatch;
}

const finished = (stepId: string, extra: Partial<LineMatch> = {}): Moment => ({
  kind: 'durable',
  at: { type: 'task.finished', stepId, ...extra },
});
const onLine = (type: string, stepId: string, extra: Partial<LineMatch> = {}): Moment => ({
  kind: 'line',
  at: { type, stepId, ...extra },
});

/** The 20 moments, in the order an uninterrupted install reaches them (a test checks it). */
const MOMENTS: readonly Moment[] = [
  onLine('task.started', 'preflight/l2'),
  onLine('task.output', 'engine-release'),
  finished('engine-package'),
  onLine('task.started', 'engine-setup'),
  finished('engine-setup'),
  onLine('task.started', 'host-release', { target: 'kvm-b1' }),
  finished('host-release', { nth: 3 }),
  onLine('task.planned', 'authorize-engine'),
  finished('authorize-engine', { nth: 6 }),
  onLine('task.planned', 'add-hosts'),
  onLine('task.output', 'add-hosts'),
  finished('add-hosts'),
  onLine('task.finished', 'add-hosts', { nth: 3 }),
  finished('add-hosts', { nth: 5 }),
  onLine('task.planned', 'configure/spm-priority'),
  finished('configure/spm-priority', { nth: 3 }),
  onLine('task.started', 'configure/spm-primary'),
  onLine('task.planned', 'configure/ha-lease', { nth: 4 }),
  finished('configure/ha-lease', { nth: 8 }),
  onLine('task.planned', 'configure/site-affinity', { nth: 2 }),
];

/**
 * Four chains of five kills, each spanning the whole install (moments 1, 5, 9, ...; 2, 6, 10, ...): a fresh install
 * killed at its first moment, each resume killed at the next, then a last resume that must finish.
 */
const CHAINS = [0, 1, 2, 3].map((first) => MOMENTS.filter((_, i) => i % 4 === first));

function isMatch(event: RunLine, at: LineMatch): boolean {
  return (
    event.type === at.type &&
    event.stepId === at.stepId &&
    (at.target === undefined || event.target === at.target) &&
    (at.item === undefined || event.item === at.item) &&
    (at.text === undefined || (event.line ?? '').includes(at.text))
  );
}

function describeMoment(moment: Moment): string {
  const { at } = moment;
  const what = [at.stepId, at.target ?? at.item, at.text, at.nth && `#${at.nth}`].filter(Boolean).join(' ');
  return moment.kind === 'durable' ? `once ${what} was durable` : `on ${at.type} of ${what}`;
}

function parseLines(stdout: string): RunLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunLine);
}

/** Where a moment falls in an uninterrupted install: its line's index, and for a durable one the tasks finished. */
function locate(lines: readonly RunLine[], moment: Moment): { index: number; tasks: number } {
  let seen = 0;
  let tasks = 0;
  for (const [index, event] of lines.entries()) {
    if (event.type === 'task.finished') tasks += 1;
    if (isMatch(event, moment.at) && ++seen === (moment.at.nth ?? 1)) return { index, tasks };
  }
  throw new Error(`an uninterrupted install never reaches the moment ${describeMoment(moment)}`);
}

let launcher: string;
beforeAll(() => {
  launcher = buildCli('lab-crash');
});
afterAll(() => removeBuiltCli(launcher));

interface Session {
  result: CliProcessResult;
  lines: RunLine[];
}

async function runInstall(dir: TestDir, isResume: boolean, kill?: { moment: Moment; tasks: number }): Promise<Session> {
  const env: NodeJS.ProcessEnv = { [LAB_FREE_PORTS_ENV]: '1' };
  if (kill?.moment.kind === 'durable') env['RUNBOOK_TEST_KILL_AFTER_TASKS'] = String(kill.tasks);
  let seen = 0;
  const args = ['exec', RUNBOOK, '-i', INVENTORY, '--json', ...(isResume ? ['--resume'] : [])];
  const result = await spawnCli(launcher, args, {
    cwd: dir.path,
    env,
    onLine: (line, child) => {
      if (kill?.moment.kind !== 'line' || !line.startsWith('{')) return;
      if (isMatch(JSON.parse(line) as RunLine, kill.moment.at) && ++seen === (kill.moment.at.nth ?? 1)) {
        killGroup(child);
      }
    },
  });
  return { result, lines: parseLines(result.stdout) };
}

function journalOf(dir: TestDir): ReturnType<typeof readJournal>['events'] {
  const stateDir = join(dir.path, '.runbook');
  const runIds = listRunIds(stateDir);
  expect(runIds).toHaveLength(1);
  return readJournal(journalPathOf(runDirOf(stateDir, runIds[0]!))).events;
}

function finishedCount(dir: TestDir): number {
  return journalOf(dir).filter((event) => event.type === 'task.finished').length;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** GET a path of the lab's API as JSON, with Basic auth (the lab's admin@internal). */
async function getJson(url: string, password: string, path: string): Promise<JsonObject> {
  const auth = Buffer.from(`admin@internal:${password}`).toString('base64');
  const headers = { Accept: 'application/json', Authorization: `Basic ${auth}` };
  const response = await fetch(`${url}${path}`, { headers });
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as JsonObject;
}

function listOf(body: JsonObject, key: string): JsonObject[] {
  const list = body[key];
  return Array.isArray(list) ? (list as JsonObject[]) : [];
}

/** The value at a path of nested objects, or null. */
function field(object: Json | undefined, ...path: string[]): Json {
  let value: Json | undefined = object;
  for (const key of path) value = value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
  return value ?? null;
}

/** A string field (ids, names), or '' when absent. */
function text(object: Json | undefined, ...path: string[]): string {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : '';
}

const byName = (a: JsonObject, b: JsonObject): number => text(a, 'name').localeCompare(text(b, 'name'));

/** The site an inventory host belongs to, or its name when it belongs to none. */
function siteOf(inventory: Inventory, host: string): string {
  if (inventory.sites.primary.hosts.includes(host)) return 'primary';
  return inventory.sites.secondary.hosts.includes(host) ? 'secondary' : host;
}

/** The cluster's affinity groups: rules, and member hosts and VMs by name. */
async function affinityDump(get: (path: string) => Promise<JsonObject>, names: Map<string, string>): Promise<Json> {
  const [cluster] = listOf(await get('/clusters'), 'cluster');
  const base = `/clusters/${text(cluster, 'id')}/affinitygroups`;
  const members = async (groupId: string, kind: 'host' | 'vm'): Promise<Json[]> => {
    const refs = listOf(await get(`${base}/${groupId}/${kind}s`), kind);
    return refs.map((ref) => names.get(text(ref, 'id')) ?? text(ref, 'id')).sort();
  };
  const groups = listOf(await get(base), 'affinity_group').sort(byName);
  return Promise.all(
    groups.map(async (group) => ({
      name: text(group, 'name'),
      enforcing: field(group, 'enforcing'),
      positive: field(group, 'positive'),
      vmsRule: field(group, 'vms_rule'),
      hostsRule: field(group, 'hosts_rule'),
      hosts: await members(text(group, 'id'), 'host'),
      vms: await members(text(group, 'id'), 'vm'),
    }))
  );
}

/**
 * The engine a chain leaves, as a client reads it over HTTP: the lab restarted on the chain's state directory (its
 * clock stopped), then hosts (status, SPM priority), the SPM's site, VMs (status, the site they run on, HA, lease,
 * storage error behaviour) and the cluster's affinity groups (rules, members), by name, sorted.
 */
async function engineDump(dir: TestDir): Promise<Json> {
  const stateDir = join(dir.path, '.runbook', 'lab');
  const password = readFileSync(join(stateDir, 'admin-password'), 'utf8').trim();
  const inventory = await loadInventory(INVENTORY, { stateDir });
  const lab = await startLabEngine({ inventory, stateDir, password, port: 0, https: false, speed: 0 });
  try {
    const get = (path: string): Promise<JsonObject> => getJson(lab.url, password, path);
    const hosts = listOf(await get('/hosts'), 'host').sort(byName);
    const vms = listOf(await get('/vms'), 'vm').sort(byName);
    const domains = listOf(await get('/storagedomains'), 'storage_domain');
    const names = new Map([...hosts, ...vms, ...domains].map((item) => [text(item, 'id'), text(item, 'name')]));
    const hostSite = (id: string): string => siteOf(inventory, names.get(id) ?? id);
    return {
      hosts: hosts.map((host) => ({
        name: text(host, 'name'),
        status: field(host, 'status'),
        spmPriority: field(host, 'spm', 'priority'),
      })),
      // Which primary host wins the SPM election depends on which came up first, killed or not: its site does not.
      spm: hosts.filter((host) => text(host, 'spm', 'status') === 'spm').map((host) => hostSite(text(host, 'id'))),
      vms: vms.map((vm) => ({
        name: text(vm, 'name'),
        status: field(vm, 'status'),
        site: hostSite(text(vm, 'host', 'id')),
        ha: field(vm, 'high_availability'),
        lease: names.get(text(vm, 'lease', 'storage_domain', 'id')) ?? null,
        storageErrorResumeBehaviour: field(vm, 'storage_error_resume_behaviour'),
      })),
      affinityGroups: await affinityDump(get, names),
    };
  } finally {
    await lab.close();
  }
}

describe('runbook exec install-standalone.yaml with its lab in-process, SIGKILLed at 20 moments and resumed', () => {
  let baseline: { lines: RunLine[]; engine: Json };

  beforeAll(async () => {
    const clean = testdir({});
    try {
      const session = await runInstall(clean, false);
      expect({ code: session.result.code, stderr: session.result.stderr }).toEqual({ code: 0, stderr: LAB_STARTED });
      baseline = { lines: session.lines, engine: await engineDump(clean) };
    } finally {
      clean.cleanup();
    }
  });

  it('the uninterrupted install leaves an installed stretch cluster (what every chain must equal)', () => {
    const engine = baseline.engine as JsonObject;
    expect(listOf(engine, 'hosts').map((host) => [host['name'], host['status'], host['spmPriority']])).toEqual([
      ['kvm-a1', 'up', '8'],
      ['kvm-a2', 'up', '8'],
      ['kvm-a3', 'up', '8'],
      ['kvm-b1', 'up', '2'],
      ['kvm-b2', 'up', '2'],
      ['kvm-b3', 'up', '2'],
    ]);
    expect(engine['spm']).toEqual(['primary']);
    expect(listOf(engine, 'affinityGroups').map((group) => group['name'])).toEqual([
      'site-a-affinity',
      'site-b-affinity',
    ]);
    expect(listOf(engine, 'vms').filter((vm) => vm['lease'] !== null).length).toBeGreaterThan(0);
  });

  it('the 20 moments come in this order in an uninterrupted install, from its first tenth to its last fifth', () => {
    const indexes = MOMENTS.map((moment) => locate(baseline.lines, moment).index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(new Set(indexes).size).toBe(MOMENTS.length);
    expect(indexes[0]).toBeLessThan(baseline.lines.length / 10);
    expect(indexes.at(-1)).toBeGreaterThan((baseline.lines.length * 4) / 5);
    // A durable moment is a task that changed something: the run syncs its journal right after it, and kills there.
    const durable = MOMENTS.filter((moment) => moment.kind === 'durable');
    expect(durable.map((moment) => baseline.lines[locate(baseline.lines, moment).index]?.status)).toEqual(
      durable.map(() => 'changed')
    );
  });

  /** One session killed at a moment: it was killed there (not ended on its own), and no task of it failed. */
  async function killAt(dir: TestDir, moment: Moment, isResume: boolean): Promise<void> {
    const label = describeMoment(moment);
    const before = isResume ? finishedCount(dir) : 0;
    const tasks = locate(baseline.lines, moment).tasks - before;
    if (moment.kind === 'durable') expect({ label, isAhead: tasks > 0 }).toEqual({ label, isAhead: true });
    const session = await runInstall(dir, isResume, { moment, tasks });
    const failed = session.lines.filter((event) => event.type === 'task.finished' && event.status === 'failed');
    const resumed = session.lines.some((event) => event.type === 'run.resumed');
    const { signal, stderr } = session.result;
    expect({ label, signal, stderr, failed, resumed }).toEqual({
      label,
      signal: 'SIGKILL',
      stderr: LAB_STARTED,
      failed: [],
      resumed: isResume,
    });
    // The kill came at the moment: its line was printed, or its task is durable in the journal.
    const reached =
      moment.kind === 'line'
        ? session.lines.filter((event) => isMatch(event, moment.at)).length
        : journalOf(dir).filter((event) => isMatch(event as RunLine, moment.at)).length;
    expect({ label, reached: reached >= (moment.at.nth ?? 1) }).toEqual({ label, reached: true });
  }

  it.each(CHAINS.map((chain, i) => [i + 1, chain.map(describeMoment).join('; '), chain] as const))(
    'chain %i, killed %s, then resumed to the end: the engine equals an uninterrupted install',
    async (_n, _moments, chain) => {
      const dir = testdir({});
      try {
        for (const [i, moment] of chain.entries()) await killAt(dir, moment, i > 0);
        const last = await runInstall(dir, true);
        expect({ code: last.result.code, stderr: last.result.stderr }).toEqual({ code: 0, stderr: LAB_STARTED });
        const events = journalOf(dir);
        expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'ok' });
        expect(events.filter((event) => event.type === 'run.resumed')).toHaveLength(chain.length);
        expect(await engineDump(dir)).toEqual(baseline.engine);
      } finally {
        dir.cleanup();
      }
    }
  );
});
