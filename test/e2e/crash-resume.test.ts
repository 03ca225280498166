/**
 * Crash safety, proven: the CLI is SIGKILLed at 30 different points of a runbook whose steps record their side
 * effects, resumed (sometimes killed again), and the end state must equal an uninterrupted run's, with no task
 * whose task.finished was journaled ever running again.
 *
 * Each command appends "<step> <item|target|->" to exec.log (one line per execution: the counter of runs) and
 * writes its result into state/ (idempotent, so the final state can be compared exactly). `token` counts its own
 * executions and registers "tok-<n>"; later steps render it, so a token that ran twice, or a registered result
 * that was not restored from the journal on resume, changes the final state.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { taskKeyString } from '../../src/engine/events';
import type { TaskKey } from '../../src/engine/events';
import { journalPathOf, runDirOf } from '../../src/runs/paths';
import { readJournal } from '../../src/runs/read';
import { deriveProgress } from '../../src/runs/resume';
import { verifyJournal } from '../../src/runs/verify';
import { buildCli, killGroup, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { CliProcessResult } from '../helpers/built-cli';
import { testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

const PLAIN_STEPS = Array.from({ length: 10 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
/**
 * Every command first counts its execution in this session (file starts); the one whose number is in file block-at
 * (if any) hangs until its process group is killed: a session killed as its nth task starts cannot run past that
 * task before the kill lands, however loaded the machine.
 */
const GATE = `g=$(( $(cat starts 2>/dev/null || echo 0) + 1 )); echo $g > starts; [ \\"$g\\" != \\"$(cat block-at 2>/dev/null)\\" ] || sleep 600; `;
const RUNBOOK = `name: crash resume
steps:
  - id: prepare
    local.command: { shell: "${GATE}echo 'prepare -' >> exec.log; mkdir -p state; echo ready > state/prepare" }
  - id: token
    local.command: { shell: "${GATE}n=$(cat counter 2>/dev/null || echo 0); n=$((n+1)); echo $n > counter; echo 'token -' >> exec.log; echo tok-$n" }
    register: token
  - id: items
    loop: [a, b, c, d, e, f]
    local.command: { shell: "${GATE}echo 'items {{ item }}' >> exec.log; echo '{{ item }} {{ token.stdout | trim }}' > state/item-{{ item }}" }
  - id: per-host
    hosts: site:primary
    local.command: { shell: "${GATE}echo 'per-host {{ host.name }}' >> exec.log; echo {{ host.name }} > state/host-{{ host.name }}" }
${PLAIN_STEPS.map((id) => `  - id: ${id}\n    local.command: { shell: "${GATE}echo '${id} -' >> exec.log; echo ${id} > state/${id}" }\n`).join('')}  - id: final
    local.command: { shell: "${GATE}echo 'final -' >> exec.log; echo 'done {{ token.stdout | trim }}' > state/final" }
`;
const TASKS = 1 + 1 + 6 + 2 + PLAIN_STEPS.length + 1;

type Kill = { kind: 'after-durable'; tasks: number; isTorn?: boolean } | { kind: 'on-task-started'; nth: number };

interface Session {
  result: CliProcessResult;
  /** exec.log lines written during this session. */
  executed: string[];
  /** Tasks journaled as finished before this session began. */
  finishedBefore: Set<string>;
  finishedAfter: Set<string>;
}

let launcher: string;
beforeAll(() => {
  launcher = buildCli('crash');
});
afterAll(() => removeBuiltCli(launcher));

function describeKey(key: TaskKey): string {
  return `${key.stepId} ${key.item ?? key.target ?? '-'}`;
}

function finishedTasks(dir: TestDir): Set<string> {
  const runs = join(dir.path, '.runbook', 'runs');
  if (!existsSync(runs)) return new Set();
  const [runId] = readdirSync(runs);
  const events = readJournal(journalPathOf(runDirOf(join(dir.path, '.runbook'), runId!))).events;
  return new Set(deriveProgress(events)?.finished.map(describeKey) ?? []);
}

function execLog(dir: TestDir): string[] {
  return existsSync(dir.file('exec.log')) ? readFileSync(dir.file('exec.log'), 'utf8').split('\n').filter(Boolean) : [];
}

function snapshotState(dir: TestDir): Record<string, string> {
  const files = readdirSync(dir.file('state')).sort();
  return {
    counter: readFileSync(dir.file('counter'), 'utf8'),
    ...Object.fromEntries(files.map((f) => [f, readFileSync(dir.file(`state/${f}`), 'utf8')])),
  };
}

async function runSession(dir: TestDir, args: string[], kill?: Kill): Promise<Session> {
  const finishedBefore = finishedTasks(dir);
  const logBefore = execLog(dir).length;
  const env: NodeJS.ProcessEnv = {};
  if (kill?.kind === 'after-durable') {
    env['RUNBOOK_TEST_KILL_AFTER_TASKS'] = String(kill.tasks);
    if (kill.isTorn) env['RUNBOOK_TEST_KILL_MODE'] = 'torn';
  }
  rmSync(dir.file('starts'), { force: true });
  if (kill?.kind === 'on-task-started') writeFileSync(dir.file('block-at'), String(kill.nth));
  let started = 0;
  const result = await spawnCli(launcher, ['exec', 'runbook.yaml', '-i', 'inventory.yaml', '--json', ...args], {
    cwd: dir.path,
    env,
    onLine: (line, child) => {
      if (kill?.kind !== 'on-task-started' || !line.includes('"type":"task.started"')) return;
      started += 1;
      if (started === kill.nth) killGroup(child);
    },
  });
  rmSync(dir.file('block-at'), { force: true });
  return { result, executed: execLog(dir).slice(logBefore), finishedBefore, finishedAfter: finishedTasks(dir) };
}

function expectNoFinishedTaskRanAgain(sessions: readonly Session[]): void {
  for (const session of sessions) {
    expect(session.executed.filter((key) => session.finishedBefore.has(key))).toEqual([]);
  }
}

/** Runs killed at each point in turn, then a resume that completes; returns every session. */
async function crashAndResume(dir: TestDir, kills: readonly Kill[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const [i, kill] of kills.entries()) {
    const session = await runSession(dir, i === 0 ? [] : ['--resume'], kill);
    expect(session.result.signal).toBe('SIGKILL');
    sessions.push(session);
  }
  const last = await runSession(dir, ['--resume']);
  expect({ code: last.result.code, stderr: last.result.stderr }).toEqual({ code: 0, stderr: '' });
  sessions.push(last);
  return sessions;
}

describe('a run killed with SIGKILL and resumed', () => {
  let baseline: { state: Record<string, string>; log: string[] };
  let dir: TestDir;

  beforeAll(async () => {
    const clean = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': TINY_INVENTORY });
    try {
      const session = await runSession(clean, []);
      expect(session.result.code).toBe(0);
      baseline = { state: snapshotState(clean), log: execLog(clean) };
    } finally {
      clean.cleanup();
    }
    expect(baseline.log).toHaveLength(TASKS);
    expect(baseline.state['final']).toBe('done tok-1\n');
  }, 60_000);

  beforeEach(() => {
    dir = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': TINY_INVENTORY });
  });
  afterEach(() => dir.cleanup());

  function expectSameEndAsUninterrupted(sessions: readonly Session[], resumes: number): void {
    expect(snapshotState(dir)).toEqual(baseline.state);
    expectNoFinishedTaskRanAgain(sessions);
    const inFlight = new Set(
      sessions.slice(0, -1).flatMap((s) => s.executed.filter((key) => !s.finishedAfter.has(key)))
    );
    const log = execLog(dir);
    expect(new Set(log)).toEqual(new Set(baseline.log));
    expect(log.filter((key, i) => log.indexOf(key) !== i && !inFlight.has(key))).toEqual([]);
    const journal = join(
      dir.path,
      '.runbook',
      'runs',
      readdirSync(join(dir.path, '.runbook', 'runs'))[0]!,
      'journal.jsonl'
    );
    expect(verifyJournal(journal)).toMatchObject({ ok: true });
    const events = readJournal(journal).events;
    expect(events.filter((e) => e.type === 'run.resumed')).toHaveLength(resumes);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'ok' });
    expect(new Set(deriveProgress(events)!.finished.map((e) => taskKeyString(e))).size).toBe(TASKS);
  }

  function journalEvents(): ReturnType<typeof readJournal>['events'] {
    const runs = join(dir.path, '.runbook', 'runs');
    return readJournal(join(runs, readdirSync(runs)[0]!, 'journal.jsonl')).events;
  }

  /** Kill k (k = 1..5) lands right after task k, k+5, k+10 and k+15 became durable: together every task 1..20. */
  it.each([1, 2, 3, 4, 5])(
    'right after tasks %i, +5, +10 and +15 of 21 became durable (four kills, four resumes): the end state equals an uninterrupted run',
    async (first) => {
      const kills: Kill[] = [first, 5, 5, 5].map((tasks) => ({ kind: 'after-durable', tasks }));
      const sessions = await crashAndResume(dir, kills);
      sessions.slice(0, -1).forEach((session, i) => {
        expect(session.finishedAfter.size - session.finishedBefore.size).toBeGreaterThanOrEqual(
          kills[i]!.kind === 'after-durable' ? (kills[i] as { tasks: number }).tasks : 0
        );
      });
      expectSameEndAsUninterrupted(sessions, 4);
    },
    60_000
  );

  it('in the middle of journal writes after tasks 2, 7, 12 and 19 (torn last lines): each is dropped on resume', async () => {
    const kills: Kill[] = [2, 5, 5, 7].map((tasks) => ({ kind: 'after-durable', tasks, isTorn: true }));
    const sessions = await crashAndResume(dir, kills);
    expectSameEndAsUninterrupted(sessions, 4);
    const dropped = journalEvents().filter((e) => e.type === 'warning' && e.message.startsWith('dropped torn line'));
    expect(dropped).toHaveLength(4);
  }, 60_000);

  it('while tasks are in flight (killed from outside as tasks 4, 9 and 16 start): only those may run again', async () => {
    // A resumed session first re-runs the task that was in flight, so the 6th and 8th starts are tasks 9 and 16.
    const kills: Kill[] = [4, 6, 8].map((nth) => ({ kind: 'on-task-started', nth }));
    const sessions = await crashAndResume(dir, kills);
    expectSameEndAsUninterrupted(sessions, 3);
  }, 60_000);
});
