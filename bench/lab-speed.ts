/**
 * `npm run bench -- lab-speed [--baseline COMMIT] [--rounds R] [--no-write]`: how long the lab install
 * (install-standalone.yaml) and then the drill (dr-drill.yaml --yes) take on the default lab inventory, side by side:
 * an older commit built in a temporary `git worktree` under the temp directory (with its own inventories/lab.yaml),
 * this checkout with its inventory's speed set to the baseline's (what polling and the run gained, on the same engine
 * timeline), and this checkout as shipped. Each round runs the three in turn, each in a fresh state directory (a new
 * lab), install then drill. Medians of R rounds and the speed-ups. Writes the "lab-speed" section of
 * docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeMachine, replaceSection } from './_doc-section';
import { median } from './_measure';

const ROOT = join(__dirname, '..', '..', '..');
/** main just before a091afa (waits poll and time out on the engine's clock, which the lab runs at its speed). */
const DEFAULT_BASELINE = 'c866b6643e74d28f0d1ac5f74bec3d2fd86b2c73';

interface Checkout {
  label: string;
  root: string;
  /** The lab inventory it runs (absolute path). */
  inventory: string;
  /** That inventory's `lab.speed`: engine ms per wall ms. */
  speed: number;
}

interface Sample {
  installMs: number;
  drillMs: number;
  /** The drill's `olvm.wait` steps: the engine time they waited for, in wall ms at the lab's speed. */
  drillEngineMs: number;
  /** The drill's wall time outside those waits' engine time: polling, requests, the run's own work. */
  drillOutsideMs: number;
}

const SPEED_IN_LAB_LINE = /^(lab:\s*\{[^}\n]*\bspeed:\s*)(\d+(?:\.\d+)?)/m;

/** The `lab.speed` of an inventory file (its one-line `lab: { … }` mapping, as the shipped ones write it). */
function speedOf(inventory: string): number {
  const match = SPEED_IN_LAB_LINE.exec(readFileSync(inventory, 'utf8'));
  if (match === null) throw new Error(`${inventory}: no "lab: { … speed: N … }" line`);
  return Number(match[2]);
}

function checkoutOf(label: string, root: string, inventory = join(root, 'inventories', 'lab.yaml')): Checkout {
  return { label, root, inventory, speed: speedOf(inventory) };
}

/** This checkout on a copy of its lab inventory (in the temp directory) whose speed is `speed`. */
function atSpeed(current: Checkout, speed: number): Checkout {
  const inventory = join(mkdtempSync(join(tmpdir(), 'runbook-bench-inventory-')), 'lab.yaml');
  const text = readFileSync(current.inventory, 'utf8').replace(SPEED_IN_LAB_LINE, `$1${speed}`);
  writeFileSync(inventory, text);
  return checkoutOf(`this checkout at speed ${speed}`, current.root, inventory);
}

function parseOptions(args: string[]): { baseline: string; rounds: number; isWriting: boolean } {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return {
    baseline: value('--baseline') ?? DEFAULT_BASELINE,
    rounds: Number(value('--rounds') ?? 3),
    isWriting: !args.includes('--no-write'),
  };
}

/** A temporary `git worktree add` of `commit` under the temp directory, built with this checkout's node_modules. */
function buildBaseline(commit: string): Checkout {
  const root = join(mkdtempSync(join(tmpdir(), 'runbook-bench-baseline-')), 'checkout');
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '-q', '--detach', root, commit]);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const build = existsSync(join(root, 'bin', 'build.js')) ? [join(root, 'bin', 'build.js')] : null;
  const tsc = [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')];
  execFileSync(process.execPath, build ?? tsc, { cwd: root, stdio: 'inherit' });
  return checkoutOf(`baseline ${commit.slice(0, 7)}`, root);
}

function removeBaseline(checkout: Checkout): void {
  execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', checkout.root]);
  rmSync(join(checkout.root, '..'), { recursive: true, force: true });
}

function run(checkout: Checkout, stateDir: string, file: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const args = ['exec', join('runbooks', file), '-i', checkout.inventory, '--yes', '--json'];
    const child = spawn(process.execPath, [join(checkout.root, 'bin', 'runbook.js'), ...args], {
      cwd: checkout.root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUNBOOK_STATE_DIR: stateDir, RUNBOOK_LAB_FREE_PORTS: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${checkout.label}: ${file} exited ${code}: ${stderr.slice(-1500)}`));
    });
  });
}

/**
 * The engine time the last run's waits took (`elapsed_ms` of each `olvm.wait` result, the engine's clock): the part
 * of the drill that is the engine's own timeline (migrations, the affinity enforcement moving one VM a minute),
 * which no polling can shorten. Read from the journal lines as they are (each checkout writes its own format).
 */
function waitedEngineMs(stateDir: string): number {
  const runs = join(stateDir, 'runs');
  const last = readdirSync(runs).sort().at(-1);
  if (last === undefined) return 0;
  let total = 0;
  for (const line of readFileSync(join(runs, last, 'journal.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { event?: JournalEvent } & JournalEvent;
    const event = parsed.event ?? parsed;
    const elapsed = event.type === 'task.finished' ? event.result?.['elapsed_ms'] : undefined;
    if (typeof elapsed === 'number' && typeof event.result?.['condition'] === 'string') total += elapsed;
  }
  return total;
}

interface JournalEvent {
  type?: string;
  result?: Record<string, unknown>;
}

async function installAndDrill(checkout: Checkout): Promise<Sample> {
  const stateDir = mkdtempSync(join(tmpdir(), 'runbook-bench-speed-'));
  try {
    const installMs = await run(checkout, stateDir, 'install-standalone.yaml');
    const drillMs = await run(checkout, stateDir, 'dr-drill.yaml');
    const drillEngineMs = waitedEngineMs(stateDir) / checkout.speed;
    return { installMs, drillMs, drillEngineMs, drillOutsideMs: drillMs - drillEngineMs };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function render(checkouts: Checkout[], results: Map<Checkout, Sample[]>, rounds: number, loads: string[]): string {
  const [baseline, equal, shipped] = checkouts as [Checkout, Checkout, Checkout];
  const med = (c: Checkout, key: keyof Sample): number => median(results.get(c)!.map((s) => s[key]));
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  const row = (what: string, key: keyof Sample, isGoal = true): string => {
    const [before, same, after] = [med(baseline, key), med(equal, key), med(shipped, key)];
    const verdict = isGoal ? (before / after >= 1.8 ? 'met' : 'NOT met') : '(part of the drill)';
    const cells = [seconds(before), seconds(same), seconds(after), `${(before / same).toFixed(2)}x`];
    return `| ${what} | ${cells.join(' | ')} | ${(before / after).toFixed(2)}x | ${verdict} |`;
  };
  return [
    '## Lab install and drill speed (`npm run bench -- lab-speed`)',
    '',
    `The default lab (inventories/lab.yaml: 2 x 3 hosts, 12 VMs): \`runbook exec install-standalone.yaml --yes\` on a new`,
    'lab, then `runbook exec dr-drill.yaml --yes` on it, by the built CLI of the baseline',
    `(${baseline.label}: main just before a091afa, when waits polled on the wall clock; its lab at speed ${baseline.speed}),`,
    `of this checkout on the same inventory at the baseline's speed (${equal.speed}), and of this checkout as shipped`,
    `(speed ${shipped.speed}), in turn, ${rounds} rounds, medians. Wall time of each command.`,
    '',
    `Machine: ${describeMachine()}; measured ${new Date().toISOString()}.`,
    `Load average (1, 5, 15 min): ${loads.join('; then ')}.`,
    '',
    `| run | baseline s (speed ${baseline.speed}) | now s, speed ${equal.speed} | now s, speed ${shipped.speed} (shipped) | ` +
      `speed-up at speed ${equal.speed} | speed-up as shipped | goal: at least 1.8x |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row('install (install-standalone.yaml)', 'installMs'),
    row('drill (dr-drill.yaml)', 'drillMs'),
    row("drill: its waits' engine time at the lab's speed", 'drillEngineMs', false),
    row('drill: the rest (polling, requests, the run itself)', 'drillOutsideMs', false),
    '',
    "The drill's `olvm.wait` steps report the engine time they waited (`elapsed_ms`, on the engine's clock); divided by",
    "the lab's speed, that is the wall time no polling can save: the engine's own timeline (hosts to maintenance, the",
    'affinity enforcement bringing one VM home a minute). The rest is what polling on the engine clock can shorten.',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  const baseline = buildBaseline(options.baseline);
  const shipped = checkoutOf('this checkout as shipped', ROOT);
  const equal = atSpeed(shipped, baseline.speed);
  const checkouts = [baseline, equal, shipped];
  try {
    const results = new Map<Checkout, Sample[]>(checkouts.map((c) => [c, []]));
    const loads = [
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', '),
    ];
    for (let round = 0; round < options.rounds; round += 1) {
      for (const checkout of checkouts) {
        const sample = await installAndDrill(checkout);
        results.get(checkout)!.push(sample);
        console.error(
          `round ${round + 1}, ${checkout.label}: install ${(sample.installMs / 1000).toFixed(1)} s, drill ${(sample.drillMs / 1000).toFixed(1)} s (load ${loadavg()[0]!.toFixed(1)})`
        );
      }
    }
    loads.push(
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')
    );
    const text = render(checkouts, results, options.rounds, loads);
    console.log(text);
    if (options.isWriting) replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'lab-speed', text);
  } finally {
    removeBaseline(baseline);
    rmSync(join(equal.inventory, '..'), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
