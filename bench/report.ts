/**
 * `npm run bench -- report`: the drill report on large drills. For each size, a journal of S steps (4 targets each)
 * and one failover and one failback olvm.wait over V VMs is written with the real JournalWriter; then, in this
 * process, the report is built (verify + read + collect), rendered as text, JSON and HTML. Median of 5 runs after
 * a warm-up. Writes the "report" section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../src/engine/events';
import { collectDrillReport } from '../src/report/collect';
import { renderHtmlReport } from '../src/report/html';
import { renderJsonReport } from '../src/report/json';
import { renderTextReport } from '../src/report/text';
import type { WaitResult } from '../src/report/types';
import { JournalWriter } from '../src/runs/journal';
import { journalPathOf, runDirOf } from '../src/runs/paths';
import { describeMachine, replaceSection } from './_doc-section';

const SIZES: Array<{ vms: number; steps: number }> = [
  { vms: 10, steps: 20 },
  { vms: 200, steps: 200 },
  { vms: 2000, steps: 2000 },
];
const RUNS = 5;
const T0 = Date.UTC(2025, 10, 25, 3);
const E0 = 1_764_040_000_000;

function waitResult(vms: number, phase: 'failover' | 'failback', base: number): WaitResult {
  return {
    condition: phase === 'failover' ? 'vms_on_site' : 'vms_home',
    phase,
    site: phase === 'failover' ? 'secondary' : 'primary',
    started_at: base,
    finished_at: base + 600_000,
    elapsed_ms: 600_000,
    vms: Array.from({ length: vms }, (_, i) => ({
      name: `vm-${i}`,
      from_host: `kvm-a${i % 50}`,
      to_host: `kvm-b${i % 50}`,
      left_at: base + (i % 97) * 10,
      up_at: base + 5_000 + ((i * 7919) % 290_000),
      how: i % 3 === 0 ? 'restarted' : 'migrated',
    })),
    spm: { from_host: 'kvm-a1', to_host: 'kvm-b1', lost_at: base, elected_at: base + 29_000 },
  };
}

function stepEvents(id: string, module: string, at: number, result?: WaitResult): RunEvent[] {
  const targets = result ? [undefined] : ['h1', 'h2', 'h3', 'h4'];
  const events: RunEvent[] = [{ type: 'step.started', at, stepId: id, module, targets: [] }];
  for (const target of targets) {
    const key = { stepId: id, ...(target === undefined ? {} : { target }) };
    events.push({ type: 'task.started', at, ...key, attempt: 1 });
    events.push({
      type: 'task.finished',
      at: at + 50,
      ...key,
      status: 'changed',
      durationMs: 50,
      attempts: 1,
      changes: [{ path: 'state', from: 'up', to: 'maintenance' }],
      ...(result ? { result: result as unknown as Record<string, unknown> } : {}),
    });
  }
  events.push({ type: 'step.finished', at: at + 50, stepId: id, status: 'changed', durationMs: 50 });
  return events;
}

function drillEvents(vms: number, steps: number): RunEvent[] {
  const events: RunEvent[] = [
    {
      type: 'run.started',
      runId: 'bench',
      at: T0,
      runbook: { name: 'dr-drill', path: '/nonexistent/dr-drill.yaml', files: [] },
      inventory: { name: 'lab', path: '/nonexistent/lab.yaml', sha256: '0'.repeat(64) },
      argv: ['exec', 'dr-drill.yaml'],
      user: 'bench',
      machine: 'bench',
      cwd: '/',
      isDryRun: false,
      version: '0',
      rtoMs: 240_000,
      rtoSource: 'runbook',
    },
  ];
  for (let i = 0; i < steps; i++) events.push(...stepEvents(`step-${i}`, 'ssh.command', T0 + 100 + i * 60));
  events.push(...stepEvents('wait-failover', 'olvm.wait', T0 + steps * 60 + 200, waitResult(vms, 'failover', E0)));
  events.push(
    ...stepEvents('wait-failback', 'olvm.wait', T0 + steps * 60 + 400, waitResult(vms, 'failback', E0 + 1e6))
  );
  return events;
}

async function writeJournal(stateDir: string, events: RunEvent[]): Promise<string> {
  const runDir = runDirOf(stateDir, '2025-11-25T03-00-00.000Z-beef');
  const writer = await JournalWriter.create(journalPathOf(runDir));
  for (const e of events) writer.emit(e);
  await writer.close();
  return runDir;
}

interface Row {
  vms: number;
  steps: number;
  lines: number;
  journalMiB: number;
  collectMs: number;
  textMs: number;
  jsonMs: number;
  htmlMs: number;
  htmlMiB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measureSize(vms: number, steps: number): Promise<Row> {
  const stateDir = mkdtempSync(join(tmpdir(), 'runbook-bench-report-'));
  try {
    const events = drillEvents(vms, steps);
    const runDir = await writeJournal(stateDir, events);
    const report = collectDrillReport(runDir); // warm-up
    let html = renderHtmlReport(report);
    const timings = { collect: [] as number[], text: [] as number[], json: [] as number[], html: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      timings.collect.push(time(() => collectDrillReport(runDir)));
      timings.text.push(time(() => renderTextReport(report)));
      timings.json.push(time(() => renderJsonReport(report)));
      timings.html.push(time(() => (html = renderHtmlReport(report))));
    }
    const mib = (bytes: number): number => Math.round((bytes / 1024 ** 2) * 100) / 100;
    return {
      vms,
      steps,
      lines: events.length,
      journalMiB: mib(statSync(journalPathOf(runDir)).size),
      collectMs: median(timings.collect),
      textMs: median(timings.text),
      jsonMs: median(timings.json),
      htmlMs: median(timings.html),
      htmlMiB: mib(Buffer.byteLength(html)),
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function describe(rows: Row[]): string {
  const ms = (n: number): string => n.toFixed(1);
  const table = rows.map(
    (r) =>
      `| ${r.vms.toLocaleString('en')} | ${r.steps.toLocaleString('en')} | ${r.lines.toLocaleString('en')} | ${r.journalMiB} | ` +
      `${ms(r.collectMs)} | ${ms(r.textMs)} | ${ms(r.jsonMs)} | ${ms(r.htmlMs)} | ${r.htmlMiB} |`
  );
  return `## Drill report (\`npm run bench -- report\`)

A journal with S steps (4 targets each) and a failover and a failback \`olvm.wait\` over V VMs, written with the real
journal writer; then, in one process, \`collectDrillReport\` (verify the hash chain, read, collect) and the text, JSON
and HTML renderings. Median of ${RUNS} runs after a warm-up. Collecting is dominated by reading the journal twice
(\`verifyJournal\`, then \`readJournal\`: JSON and two sha256 per line each); a real drill journal has a few hundred
lines, where the whole report takes milliseconds.

Machine: ${describeMachine()}. Measured ${new Date().toISOString().slice(0, 10)}. The machine may be shared with other
work while measuring.

| VMs | steps | journal lines | journal MiB | collect ms | text ms | JSON ms | HTML ms | HTML MiB |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${table.join('\n')}
`;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const size of SIZES) {
    const row = await measureSize(size.vms, size.steps);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  replaceSection(join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'), 'report', describe(rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
