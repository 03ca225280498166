/**
 * `npm run bench -- olvm`: what the engine API client costs against the lab engine on loopback (same process, so
 * the lab's own work is in every number). Cold start (login + first read), warm read latency, throughput at
 * several concurrency limits, the extra requests that retries add when 10% of reads meet a 503, and the requests
 * a typical module operation makes; then the olvm.* modules at scale (bench/_olvm-modules.ts). Writes the "olvm"
 * section of docs/benchmarks.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../src/lab';
import type { LabEngine } from '../src/lab';
import { createOlvmClient, HostStatus } from '../src/olvm';
import type { OlvmClient, OlvmClientConfig, OlvmStats } from '../src/olvm';
import { makeInventory } from '../test/helpers/inventory';
import { describeMachine, replaceSection } from './_doc-section';
import { measureModules, modulesMarkdown } from './_olvm-modules';

const COLD_RUNS = 20;
const LATENCY_READS = 1_000;
const THROUGHPUT_READS = 2_000;
const CONCURRENCY = [1, 4, 8];
const RETRY_READS = 1_000;
const RETRY_RATE = 0.1;

interface Report {
  coldMs: number[];
  latencyMs: number[];
  throughput: Array<{ concurrency: number; perSecond: number; peakInFlight: number }>;
  retry: { stats: OlvmStats; failed: number };
  operations: Array<{ name: string; reads: number; writes: number }>;
}

function connect(lab: LabEngine, overrides: Partial<OlvmClientConfig> = {}): OlvmClient {
  return createOlvmClient({
    url: lab.url,
    username: 'admin@internal',
    password: DEFAULT_LAB_PASSWORD,
    isReadOnly: false,
    ...overrides,
  });
}

async function timeMs(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function measureCold(lab: LabEngine): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const client = connect(lab);
    samples.push(await timeMs(() => client.hosts.list()));
    await client.close();
  }
  return samples;
}

async function measureLatency(lab: LabEngine): Promise<number[]> {
  const client = connect(lab);
  const [host] = await client.hosts.list();
  for (let i = 0; i < 100; i++) await client.hosts.get(host!.id); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_READS; i++) samples.push(await timeMs(() => client.hosts.get(host!.id)));
  await client.close();
  return samples;
}

async function measureThroughput(lab: LabEngine, concurrency: number): Promise<Report['throughput'][number]> {
  const client = connect(lab, { concurrency });
  const [host] = await client.hosts.list();
  const ms = await timeMs(() =>
    Promise.all(Array.from({ length: THROUGHPUT_READS }, () => client.hosts.get(host!.id)))
  );
  const peakInFlight = client.stats().peakInFlight;
  await client.close();
  return { concurrency, perSecond: Math.round((THROUGHPUT_READS * 1000) / ms), peakInFlight };
}

async function measureRetries(lab: LabEngine): Promise<Report['retry']> {
  const client = connect(lab, { retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 } });
  const [host] = await client.hosts.list();
  lab.faults.inject({ method: 'GET', path: `/hosts/${host!.id}`, kind: '503', rate: RETRY_RATE });
  let failed = 0;
  for (let i = 0; i < RETRY_READS; i++) await client.hosts.get(host!.id).catch(() => failed++);
  lab.faults.clear();
  const stats = client.stats();
  await client.close();
  return { stats, failed };
}

/** Requests made by the steps of a typical `olvm.host` plan/apply, polling every 3 virtual seconds. */
async function measureOperations(lab: LabEngine): Promise<Report['operations']> {
  const client = connect(lab, {
    onRequest: (info) => {
      if (info.method === 'GET' && info.path.includes('/hosts/')) lab.clock.advance(3_000);
    },
  });
  const results: Report['operations'] = [];
  const count = async (name: string, action: () => Promise<unknown>): Promise<void> => {
    const before = client.stats();
    await action();
    const after = client.stats();
    results.push({ name, reads: after.reads - before.reads, writes: after.writes - before.writes });
  };
  const poll = { timeoutMs: 60_000, intervalMs: 1, maxIntervalMs: 1 };
  const host = (await client.hosts.findByName('kvm-a2'))!;
  await count('plan: find a host by name', () => client.hosts.findByName('kvm-a2'));
  await count('apply: set the SPM priority', () =>
    client.hosts.update(host.id, { spmPriority: 7 }, { correlationId: 'b1' })
  );
  await count('apply: maintenance, then wait for it (VMs migrate)', async () => {
    await client.hosts.deactivate(host.id, { correlationId: 'b2' });
    await client.hosts.waitForStatus(host.id, [HostStatus.MAINTENANCE], poll);
  });
  await count('apply: activate, then wait for up', async () => {
    await client.hosts.activate(host.id, { correlationId: 'b3' });
    await client.hosts.waitForStatus(host.id, [HostStatus.UP], poll);
  });
  await client.close();
  return results;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

function toMarkdown(report: Report): string {
  const { stats, failed } = report.retry;
  return [
    '## Engine API client (`npm run bench -- olvm`)',
    '',
    'The client against the lab engine on loopback, both in one Node process (the lab serves, parses and renders',
    'in the same event loop, so these are upper bounds of the client cost). JSON, plain http, keep-alive.',
    '',
    `Machine: ${describeMachine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measurement | p50 ms | p95 ms | p99 ms |',
    '| --- | ---: | ---: | ---: |',
    `| cold start: login + first \`hosts.list\` (${COLD_RUNS} clients) | ${percentile(report.coldMs, 50)} | ${percentile(report.coldMs, 95)} | ${percentile(report.coldMs, 99)} |`,
    `| warm \`hosts.get\`, one at a time (${LATENCY_READS.toLocaleString('en')} reads) | ${percentile(report.latencyMs, 50)} | ${percentile(report.latencyMs, 95)} | ${percentile(report.latencyMs, 99)} |`,
    '',
    `| concurrency limit | reads / s (${THROUGHPUT_READS.toLocaleString('en')} \`hosts.get\` at once) | peak in flight |`,
    '| ---: | ---: | ---: |',
    ...report.throughput.map((t) => `| ${t.concurrency} | ${t.perSecond.toLocaleString('en')} | ${t.peakInFlight} |`),
    '',
    `Retries: ${RETRY_READS.toLocaleString('en')} reads while ${RETRY_RATE * 100}% of them meet a 503 took ` +
      `${stats.reads.toLocaleString('en')} requests (${stats.retries} retries, ` +
      `+${Math.round((stats.retries / RETRY_READS) * 1000) / 10}%); ${failed} reads failed after 4 attempts.`,
    '',
    'Requests made by typical module operations (the lab clock moves 3 s per poll, like a 3 s poll interval):',
    '',
    '| operation | reads | writes |',
    '| --- | ---: | ---: |',
    ...report.operations.map((o) => `| ${o.name} | ${o.reads} | ${o.writes} |`),
  ].join('\n');
}

function describeLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

async function mainBench(): Promise<void> {
  const loadAtStart = describeLoad();
  const stateDir = await mkdtemp(join(tmpdir(), 'olvm-bench-'));
  const lab = await startLabEngine({
    inventory: makeInventory(),
    https: false,
    port: 0,
    preinstalled: true,
    speed: 0,
    stateDir,
  });
  try {
    const report: Report = {
      coldMs: await measureCold(lab),
      latencyMs: await measureLatency(lab),
      throughput: [],
      retry: await measureRetries(lab),
      operations: await measureOperations(lab),
    };
    for (const concurrency of CONCURRENCY) report.throughput.push(await measureThroughput(lab, concurrency));
    const modules = modulesMarkdown(await measureModules());
    const load = `Load average (1, 5, 15 min) at the start and the end: ${loadAtStart}; then ${describeLoad()}.`;
    const markdown = `${toMarkdown(report)}\n\n${load}\n\n${modules}`;
    process.stdout.write(`${markdown}\n`);
    const doc = join(process.cwd(), 'docs', 'benchmarks.md');
    replaceSection(doc, 'olvm', markdown);
    process.stdout.write(`\nwrote the olvm section of ${doc}\n`);
  } finally {
    await lab.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

mainBench().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
