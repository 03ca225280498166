/**
 * `npm run bench -- engine`: the engine's own cost per task. N echo steps over 10 targets (N x 10 tasks), with a
 * null sink and with the plain renderer writing to /dev/null, at 1k, 5k and 10k steps. Each configuration runs
 * in its own process so peak RSS is its own. Memory should stay flat as steps grow (nothing is kept per task).
 * Writes the "engine" section of docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { executeRun } from '../src/engine/execute';
import type { EventSink, RunEvent } from '../src/engine/events';
import type { Inventory } from '../src/inventory/types';
import { benchInventory } from './_inventory';
import type { Runbook, Step } from '../src/runbook/types';
import { PlainRenderer } from '../src/ui/plain';
import { nullSink } from '../src/ui/tee';
import { describeMachine, replaceSection } from './_doc-section';

const TARGETS = 10;
const SIZES = [1000, 5000, 10000];
const SINKS = ['null', 'plain'] as const;
/** Each configuration runs this many times; the fastest is reported (the machine may be busy with other work). */
const REPEATS = 3;
type SinkName = (typeof SINKS)[number];

interface Measurement {
  steps: number;
  sink: SinkName;
  tasks: number;
  totalMs: number;
  perTaskUs: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  heapAfterMiB: number;
  /** The median per-task time of the repeats (the row shows the fastest). */
  medianPerTaskUs?: number;
  /** Heap after a forced GC at each quarter of the steps (a second, untimed pass): flat means nothing is kept. */
  retainedMiB: number[];
}

/** Passes events on, and at each quarter of the steps forces a GC and records the live heap. */
class RetainedHeapProbe implements EventSink {
  readonly samples: number[] = [];
  private finishedSteps = 0;
  constructor(
    private readonly inner: EventSink,
    private readonly every: number
  ) {}
  emit(event: RunEvent): void {
    this.inner.emit(event);
    if (event.type !== 'step.finished') return;
    this.finishedSteps += 1;
    if (this.finishedSteps % this.every !== 0) return;
    global.gc?.();
    this.samples.push(mib(process.memoryUsage().heapUsed));
  }
}

function makeInventory(): Inventory {
  const names = Array.from({ length: TARGETS }, (_, i) => `kvm-${i}`);
  return benchInventory({
    primary: names.slice(0, TARGETS / 2),
    secondary: names.slice(TARGETS / 2),
    groups: { bench: names },
  });
}

function makeRunbook(steps: number): Runbook {
  const list: Step[] = Array.from({ length: steps }, (_, i) => ({
    id: `echo-${i}`,
    module: 'echo',
    args: { msg: 'hello' },
    hosts: 'group:bench',
    ignoreErrors: false,
    tags: [],
    source: { file: 'bench.yaml', line: i + 1, column: 1 },
  }));
  return { name: 'bench', path: '/dev/null', vars: {}, steps: list, files: [] };
}

function mib(bytes: number): number {
  return Math.round((bytes / 1024 ** 2) * 10) / 10;
}

async function measure(steps: number, sinkName: SinkName): Promise<Measurement> {
  const fd = sinkName === 'plain' ? openSync('/dev/null', 'w') : -1;
  const sink: EventSink = sinkName === 'plain' ? new PlainRenderer({ write: (t) => void writeSync(fd, t) }) : nullSink;
  const timed = await timedRun(steps, sink);
  global.gc?.();
  const heapAfterMiB = mib(process.memoryUsage().heapUsed);
  const probe = new RetainedHeapProbe(sink, Math.max(1, Math.floor(steps / 4)));
  await run(steps, probe);
  if (fd >= 0) closeSync(fd);
  const tasks = steps * TARGETS;
  return {
    steps,
    sink: sinkName,
    tasks,
    totalMs: Math.round(timed.totalMs),
    perTaskUs: Math.round(((timed.totalMs * 1000) / tasks) * 10) / 10,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    peakHeapMiB: mib(timed.peakHeap),
    heapAfterMiB,
    retainedMiB: probe.samples,
  };
}

async function timedRun(steps: number, sink: EventSink): Promise<{ totalMs: number; peakHeap: number }> {
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
  const started = process.hrtime.bigint();
  await run(steps, sink);
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  return { totalMs, peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed) };
}

async function run(steps: number, sink: EventSink): Promise<void> {
  const summary = await executeRun({
    runId: 'bench',
    runbook: makeRunbook(steps),
    inventory: makeInventory(),
    isDryRun: false,
    isYes: true,
    sink,
    services: { ssh: () => Promise.reject(new Error('no ssh')), engine: () => Promise.reject(new Error('no engine')) },
    prompt: () => Promise.resolve(true),
    signal: new AbortController().signal,
  });
  if (summary.counts.ok !== steps * TARGETS) {
    throw new Error(`expected ${steps * TARGETS} ok tasks, got ${JSON.stringify(summary.counts)}`);
  }
}

/** Child mode: `engine.js --one STEPS SINK` prints one measurement as JSON. */
async function runOne(steps: number, sinkName: SinkName): Promise<void> {
  await measure(Math.min(200, steps), sinkName); // warm up the JIT
  global.gc?.();
  process.stdout.write(`${JSON.stringify(await measure(steps, sinkName))}\n`);
}

/** Runs a configuration `repeats` times, each in a fresh process; keeps the fastest, noting the median time. */
function fastestOf(repeats: number, steps: number, sink: SinkName): Measurement {
  const runs: Measurement[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--one', String(steps), sink], {
      encoding: 'utf8',
    });
    runs.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement);
  }
  runs.sort((a, b) => a.perTaskUs - b.perTaskUs);
  const fastest = runs[0] as Measurement;
  return { ...fastest, medianPerTaskUs: (runs[Math.floor(runs.length / 2)] as Measurement).perTaskUs };
}

function runAll(): Measurement[] {
  const results: Measurement[] = [];
  for (const sink of SINKS) {
    for (const steps of SIZES) {
      const result = fastestOf(REPEATS, steps, sink);
      results.push(result);
      process.stdout.write(
        `${String(steps).padStart(6)} steps x ${TARGETS} targets, ${sink.padEnd(5)} sink: ${result.perTaskUs} µs/task ` +
          `(median ${result.medianPerTaskUs}), ` +
          `${result.totalMs} ms total, peak RSS ${result.peakRssMiB} MiB, peak heap ${result.peakHeapMiB} MiB, ` +
          `live heap at each quarter ${result.retainedMiB.join(' / ')} MiB\n`
      );
    }
  }
  return results;
}

function toMarkdown(results: readonly Measurement[], loadAtStart: number): string {
  const rows = results.map(
    (r) =>
      `| ${r.steps.toLocaleString('en')} | ${r.tasks.toLocaleString('en')} | ${r.sink} | ${r.totalMs} | ${r.perTaskUs} | ${r.medianPerTaskUs ?? r.perTaskUs} | ${r.peakRssMiB} | ${r.peakHeapMiB} | ${r.retainedMiB.join(' / ')} | ${r.heapAfterMiB} |`
  );
  return [
    '## Engine overhead (`npm run bench -- engine`)',
    '',
    `N \`echo\` steps over ${TARGETS} targets (N x ${TARGETS} tasks: render, schema check, plan, events, tally). Each`,
    `configuration runs ${REPEATS} times, each in its own process after a warm-up; a row is the fastest run, with the`,
    'median beside it. The goal is under 100 µs per task, with memory flat as steps grow.',
    '',
    `Machine: ${describeMachine()}; load average ${loadAtStart.toFixed(1)} when the run started.`,
    `Measured ${new Date().toISOString().slice(0, 10)}. The machine may be shared with other work while measuring.`,
    '',
    '| steps | tasks | sink | total ms | µs / task | median µs / task | peak RSS MiB | peak heap MiB | live heap at ¼ / ½ / ¾ / end MiB | heap after run MiB |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '`null` drops events; `plain` formats every event as the CI renderer does and writes it to /dev/null.',
    '"Peak heap" includes garbage not yet collected (V8 collects lazily, and RSS follows the heap it reserved);',
    '"live heap" is measured after a forced GC at each quarter of a second, untimed pass: it stays flat as the',
    'run goes on, so nothing is kept per task (registers are the only per-task state a run keeps, and these',
    'steps register nothing). Its level rises with N only because the runbook itself (N steps and their resolved',
    'targets) is in memory for the whole run.',
  ].join('\n');
}

async function mainBench(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    await runOne(Number(args[1]), args[2] as SinkName);
    return;
  }
  const loadAtStart = loadavg()[0] ?? 0;
  const results = runAll();
  const doc = join(process.cwd(), 'docs', 'benchmarks.md');
  replaceSection(doc, 'engine', toMarkdown(results, loadAtStart));
  process.stdout.write(`\nwrote the engine section of ${doc}\n`);
}

mainBench().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
