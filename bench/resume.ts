/**
 * `npm run bench -- resume`: durable runs.
 *  1. Resume latency: a 5,000-step runbook run by the built CLI is SIGKILLed right after step 4,500 became durable
 *     (the crash injector in src/cli/kill-hook.ts); `runbook exec --resume` is then timed from spawn until it
 *     starts step 4,501 (its task.started on --json stdout). Repeated from the same killed state. Goal: under 1 s.
 *  2. Journal cost per step x target: the engine in-process with a null sink, then with the journal (one
 *     fdatasync per flush), over 1 and 10 targets (10 targets finish together: group commit).
 * Writes the "resume" section of docs/benchmarks.md.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeMachine, replaceSection } from './_doc-section';
import { measureJournalCost } from './_journal-cost';
import type { JournalCost } from './_journal-cost';

const ROOT = join(__dirname, '..', '..', '..');
const STEPS = 5000;
const KILL_AFTER = 4500;
const RESUMES = 5;
const INVENTORY = `name: bench
engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 } } }
`;

interface ResumeTiming {
  killedRunMs: number;
  journalBytes: number;
  journalLines: number;
  resumeToStepMs: number[];
  /** CPU time (user + system) of the resume's main thread when it started the step: immune to a busy machine. */
  resumeToStepCpuMs: number[];
  resumeTotalMs: number;
  /** The 1-minute load average while measuring. */
  loadAverage: number[];
}

const CLOCK_TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of a live process's main thread (JavaScript runs there), from /proc (Linux). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return NaN;
  }
}

function writeInputs(dir: string): void {
  const steps = Array.from({ length: STEPS }, (_, i) => `  - id: step-${i + 1}\n    echo: { msg: "step ${i + 1}" }\n`);
  writeFileSync(join(dir, 'runbook.yaml'), `name: resume bench\nsteps:\n${steps.join('')}`);
  writeFileSync(join(dir, 'inventory.yaml'), INVENTORY);
}

function cli(dir: string, extraEnv: NodeJS.ProcessEnv = {}): { argv: string[]; env: NodeJS.ProcessEnv } {
  const argv = [join(ROOT, 'bin', 'runbook.js'), 'exec', 'runbook.yaml', '-i', 'inventory.yaml', '--yes', '--json'];
  return { argv, env: { ...process.env, RUNBOOK_STATE_DIR: join(dir, 'state'), ...extraEnv } };
}

function runKilled(dir: string): { ms: number } {
  const { argv, env } = cli(dir, { RUNBOOK_TEST_KILL_AFTER_TASKS: String(KILL_AFTER) });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.signal !== 'SIGKILL')
    throw new Error(`expected the run to be killed, got ${result.status}: ${String(result.stderr)}`);
  return { ms };
}

/** Spawn the resume; resolve with ms (and CPU ms) until step KILL_AFTER+1 starts, and ms until it exits 0. */
function timeResume(dir: string): Promise<{ toStep: number; toStepCpu: number; total: number }> {
  const { argv, env } = cli(dir);
  const wanted = `step-${KILL_AFTER + 1}`;
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(process.execPath, [...argv, '--resume'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let toStep = -1;
  let toStepCpu = NaN;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (toStep >= 0 || !line.includes('"task.started"') || !line.includes(`"stepId":"${wanted}"`)) return;
    toStep = elapsed();
    toStepCpu = cpuMsOf(child.pid);
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0 || toStep < 0) reject(new Error(`resume exited ${code}; saw ${wanted}: ${toStep >= 0}`));
      else resolve({ toStep, toStepCpu, total: elapsed() });
    });
  });
}

async function measureResume(): Promise<ResumeTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-resume-'));
  try {
    writeInputs(dir);
    const killed = runKilled(dir);
    cpSync(join(dir, 'state'), join(dir, 'killed-state'), { recursive: true });
    const journal = readFileSync(findJournal(join(dir, 'state')));
    const finished = journal
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"task.finished"'));
    if (finished.length !== KILL_AFTER)
      throw new Error(`expected ${KILL_AFTER} finished tasks, found ${finished.length}`);
    const toStep: number[] = [];
    const toStepCpu: number[] = [];
    const loadAverage: number[] = [];
    let total = 0;
    for (let i = 0; i < RESUMES; i += 1) {
      rmSync(join(dir, 'state'), { recursive: true, force: true });
      cpSync(join(dir, 'killed-state'), join(dir, 'state'), { recursive: true });
      const timing = await timeResume(dir);
      toStep.push(Math.round(timing.toStep));
      toStepCpu.push(Math.round(timing.toStepCpu));
      loadAverage.push(Math.round(loadavg()[0]! * 10) / 10);
      total = Math.round(timing.total);
      process.stdout.write(
        `resume ${i + 1}: step ${KILL_AFTER + 1} started after ${toStep.at(-1)} ms (${toStepCpu.at(-1)} ms main-thread CPU; load ${loadAverage.at(-1)})\n`
      );
    }
    const lines = journal.toString('utf8').split('\n').length - 1;
    return {
      killedRunMs: Math.round(killed.ms),
      journalBytes: journal.length,
      journalLines: lines,
      resumeToStepMs: toStep,
      resumeToStepCpuMs: toStepCpu,
      resumeTotalMs: total,
      loadAverage,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findJournal(stateDir: string): string {
  const out = execFileSync('find', [stateDir, '-name', 'journal.jsonl'], { encoding: 'utf8' }).trim();
  if (!out) throw new Error(`no journal under ${stateDir}`);
  return out.split('\n')[0] as string;
}

function filesystemOf(dir: string): string {
  const out = spawnSync('df', ['-T', dir], { encoding: 'utf8' }).stdout.trim().split('\n')[1] ?? '';
  return out.split(/\s+/)[1] ?? 'unknown';
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function toMarkdown(resume: ResumeTiming, costs: readonly JournalCost[]): string {
  const costRows = costs.map(
    (c) =>
      `| ${c.steps.toLocaleString('en')} x ${c.targets} | ${c.nullUsPerTask} | ${c.journalUsPerTask} | ${c.costUsPerTask} | ${c.syncs.toLocaleString('en')} | ${c.tasksPerSync} | ${c.bytesPerTask} |`
  );
  const rows = resume.resumeToStepMs.map(
    (ms, i) => `| ${i + 1} | ${ms} | ${resume.resumeToStepCpuMs[i]} | ${resume.loadAverage[i]} |`
  );
  return [
    '## Durable runs: resume and journal cost (`npm run bench -- resume`)',
    '',
    `Machine: ${describeMachine()}; journal on ${filesystemOf(tmpdir())} (${tmpdir()}).`,
    '',
    `**Resume.** A ${STEPS.toLocaleString('en')}-step runbook (\`echo\` steps) is run by the built CLI and SIGKILLed right after`,
    `step ${KILL_AFTER.toLocaleString('en')} became durable (${resume.killedRunMs} ms to get there; journal ${resume.journalLines.toLocaleString('en')} lines,`,
    `${(resume.journalBytes / 1024 ** 2).toFixed(1)} MiB). \`runbook exec --resume\` is then timed from spawning the process to its`,
    `\`task.started\` line for step ${(KILL_AFTER + 1).toLocaleString('en')} (goal: under 1,000 ms): Node start, loading and checking`,
    'runbook and inventory, hashing the inputs, reading and checking the whole journal, taking over the lock and',
    `restoring the ${KILL_AFTER.toLocaleString('en')} finished steps. Each resume starts from the same killed state. Wall time depends on how`,
    'busy the machine is (the load average is shown); the CPU time its main thread (where all JavaScript runs) had',
    'used by then does not, and is what the wall time comes down to on an idle machine.',
    '',
    `Median **${median(resume.resumeToStepMs)} ms** wall, **${median(resume.resumeToStepCpuMs)} ms** main-thread CPU. The whole resumed run (500 steps more) took ${resume.resumeTotalMs} ms.`,
    '',
    '| resume | wall ms to step 4,501 | main-thread CPU ms by then | load average (1 min) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '**Journal cost per step x target.** The engine in-process running `echo` steps, first with a null sink, then',
    'writing the journal (redact, serialize, one sha256 per line, buffer; one write + fdatasync per durability point,',
    'awaited after each task). With 10 targets the tasks of a step finish together and share syncs (group commit).',
    'The cost is almost all fdatasync: it is the price of "a finished task survives a power cut".',
    '',
    '| steps x targets | null sink µs/task | journal µs/task | journal cost µs/task | fdatasyncs | tasks per sync | bytes per task |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...costRows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  process.stdout.write('building the CLI (tsc -p tsconfig.build.json)…\n');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' }
  );
  const resume = await measureResume();
  const costs = await measureJournalCost();
  for (const c of costs) {
    process.stdout.write(
      `${c.steps} x ${c.targets}: journal costs ${c.costUsPerTask} µs/task (${c.tasksPerSync} tasks per sync)\n`
    );
  }
  replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'resume', toMarkdown(resume, costs));
  process.stdout.write('wrote docs/benchmarks.md (resume)\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
