/**
 * `npm run bench -- scale [--rounds R] [--sizes 3,10,30,50] [--no-write]`: the standalone install
 * (runbooks/install-standalone.yaml, preflight to verify) on the lab at 2 x N hosts with 20 VMs per host, run by the
 * built CLI exactly as `runbook exec install-standalone.yaml -i <lab inventory> --yes` runs it, each in a fresh state
 * directory. The sizes are interleaved (each size once per round), medians of R rounds. Shows the wall time per host
 * and every step's share of the run, so that a step growing faster than the cluster stands out. Writes the "scale"
 * section of docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../src/engine/events';
import { readJournal } from '../src/runs/read';
import { describeMachine, replaceSection } from './_doc-section';
import { median, TIME } from './_measure';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'runbook.js');
const VMS_PER_HOST = 20;

interface Options {
  rounds: number;
  sizes: number[];
  isWriting: boolean;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  /** Step id (`configure/ha-lease` for a step of an include) -> ms. */
  steps: Map<string, number>;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return {
    rounds: Number(value('--rounds') ?? 3),
    sizes: (value('--sizes') ?? '3,10,30,50').split(',').map(Number),
    isWriting: !args.includes('--no-write'),
  };
}

/** A lab inventory of 2 x `perSite` hosts and 20 VMs per host (1 GiB each, HA, priorities spread). */
function labInventory(perSite: number): string {
  const hostsOf = (site: number): string =>
    Array.from({ length: perSite }, (_, i) => {
      const name = `kvm-${site === 1 ? 'a' : 'b'}${String(i + 1).padStart(2, '0')}`;
      return `      ${name}: { address: 127.10.${site}.${11 + i}${i === 0 ? ', hosted_engine: true' : ''} }\n`;
    }).join('');
  const vms = Array.from({ length: 2 * perSite * VMS_PER_HOST }, (_, i) => {
    const site = i % 2 === 0 ? 'primary' : 'secondary';
    return `  - { name: vm-${String(i + 1).padStart(4, '0')}, site: ${site}, memory: 1GiB, priority: ${(i * 7) % 101} }\n`;
  }).join('');
  return `name: scale-${perSite}
lab: { latency_ms: 2, speed: 60, seed: 42 }
engine: { kind: standalone, host: engine, url: "http://127.0.0.1:18180/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary:
    name: site-a
    storage_domains: [data-a]
    hosts:
${hostsOf(1)}  secondary:
    name: site-b
    storage_domains: [data-b]
    hosts:
${hostsOf(2)}hosts:
  engine: { address: 127.10.0.5 }
ssh: { user: root, port: 2222, host_key_checking: strict, connect_timeout: 30s }
vms:
${vms}vars:
  maintenance_timeout: 30m
`;
}

function stepTimes(events: readonly RunEvent[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'step.finished') continue;
    times.set(event.stepId, (times.get(event.stepId) ?? 0) + event.durationMs);
  }
  return times;
}

async function installOnce(perSite: number): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), `runbook-bench-scale-${perSite}-`));
  try {
    const inventory = join(dir, 'inventory.yaml');
    writeFileSync(inventory, labInventory(perSite));
    const out = join(dir, 'time.out');
    const started = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(
        TIME,
        [
          '-f',
          '%U %S',
          '-o',
          out,
          process.execPath,
          CLI,
          'exec',
          'install-standalone.yaml',
          '-i',
          inventory,
          '--yes',
          '--json',
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, RUNBOOK_STATE_DIR: join(dir, 'state'), RUNBOOK_LAB_FREE_PORTS: '1' },
        }
      );
      let text = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve({ code: exitCode, stderr: text }));
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`install on 2 x ${perSite} hosts exited ${code}: ${stderr.slice(-2000)}`);
    const [user, system] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    const runs = join(dir, 'state', 'runs');
    const [runId] = readdirSync(runs);
    const events = readJournal(join(runs, runId!, 'journal.jsonl')).events;
    return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000, steps: stepTimes(events) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianSteps(samples: readonly Sample[]): Map<string, number> {
  const names = new Set(samples.flatMap((s) => [...s.steps.keys()]));
  return new Map([...names].map((name) => [name, median(samples.map((s) => s.steps.get(name) ?? 0))]));
}

function render(options: Options, results: Map<number, Sample[]>, loads: string[]): string {
  const sizes = options.sizes;
  const walls = new Map(sizes.map((n) => [n, median(results.get(n)!.map((s) => s.wallMs))]));
  const cpus = new Map(sizes.map((n) => [n, median(results.get(n)!.map((s) => s.cpuMs))]));
  const steps = new Map(sizes.map((n) => [n, medianSteps(results.get(n)!)]));
  const header = `| hosts (VMs) | ${sizes.map((n) => `2 x ${n} (${2 * n * VMS_PER_HOST})`).join(' | ')} |`;
  const rule = `| --- |${sizes.map(() => ' ---: |').join('')}`;
  const row = (label: string, value: (n: number) => string): string =>
    `| ${label} | ${sizes.map((n) => value(n)).join(' | ')} |`;
  const largest = sizes.at(-1)!;
  const stepNames = [...steps.get(largest)!.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const perHost = (name: string, n: number): number => (steps.get(n)!.get(name) ?? 0) / (2 * n);
  /** Per-host growth of a step from each size to the next, where the step weighs over 2 % of the larger run. */
  const jumps = stepNames.flatMap((name) =>
    sizes.slice(1).flatMap((n, i) => {
      const previous = sizes[i]!;
      const growth = perHost(name, previous) > 0 ? perHost(name, n) / perHost(name, previous) : 0;
      const isHeavy = (steps.get(n)!.get(name) ?? 0) > 0.02 * walls.get(n)!;
      return growth > 1.5 && isHeavy ? [{ name, from: previous, to: n, growth }] : [];
    })
  );
  const wallGrowth = (n: number, i: number): string =>
    i === 0 ? '' : ` (${(walls.get(n)! / (2 * n) / (walls.get(sizes[i - 1]!)! / (2 * sizes[i - 1]!))).toFixed(2)}x)`;
  return [
    '## Install at scale (`npm run bench -- scale`)',
    '',
    `runbooks/install-standalone.yaml (preflight, engine, hosts, stretch configuration, verify) on the lab at 2 x N hosts`,
    `with ${VMS_PER_HOST} VMs per host, run by the built CLI (\`runbook exec install-standalone.yaml -i <lab inventory> --yes\`,`,
    'defaults: `--forks 10`, `--waits 50`), each in a fresh state directory (a new lab). Sizes interleaved, medians of',
    `${options.rounds} rounds. Wall time is the whole command (lab start included); step times come from the journal.`,
    '',
    `Machine: ${describeMachine()}; measured ${new Date().toISOString()}.`,
    `Load average (1, 5, 15 min): ${loads.join('; then ')}.`,
    '',
    header,
    rule,
    row('wall s', (n) => (walls.get(n)! / 1000).toFixed(1)),
    `| wall ms per host (x the previous size) | ${sizes.map((n, i) => `${(walls.get(n)! / (2 * n)).toFixed(0)}${wallGrowth(n, i)}`).join(' | ')} |`,
    row('CPU s', (n) => (cpus.get(n)! / 1000).toFixed(1)),
    ...stepNames.map((name) =>
      row(`\`${name}\` s (share)`, (n) => {
        const ms = steps.get(n)!.get(name) ?? 0;
        return `${(ms / 1000).toFixed(1)} (${((100 * ms) / walls.get(n)!).toFixed(0)} %)`;
      })
    ),
    '',
    jumps.length === 0
      ? `No superlinear step: from each size to the next, no step over 2 % of the run grows its time per host by more than 1.5x.`
      : `Steps whose time per host grows by more than 1.5x from one size to the next: ${jumps.map((j) => `\`${j.name}\` (2 x ${j.from} → 2 x ${j.to}: ${j.growth.toFixed(1)}x)`).join(', ')}.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  const results = new Map<number, Sample[]>(options.sizes.map((n) => [n, []]));
  const loads = [
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
  ];
  for (let round = 0; round < options.rounds; round += 1) {
    for (const size of options.sizes) {
      const sample = await installOnce(size);
      results.get(size)!.push(sample);
      console.error(
        `round ${round + 1}, 2 x ${size}: ${(sample.wallMs / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(1)})`
      );
    }
  }
  loads.push(
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')
  );
  const text = render(options, results, loads);
  console.log(text);
  if (options.isWriting) replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'scale', text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
