/**
 * `npm run bench -- startup [--runs R] [--no-write]`: what starting the CLI costs, against ansible-playbook
 * --syntax-check on a playbook of 25 tasks, in the same run. Each contender is a child process of its own; the rounds
 * are interleaved (every contender once per round, in turn), so a busy machine slows them alike; medians of R rounds.
 * Wall time is taken here around the child (spawn to exit); CPU (user + system of the child and what it waited for)
 * comes from /usr/bin/time, which is also how to reproduce a figure by hand. Writes the table into docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeMachine, replaceSection } from './_doc-section';
import { hasTimeCommand, median, TIME } from './_measure';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'runbook.js');
const TASKS = 25;

interface Contender {
  label: string;
  argv: string[];
  cwd: string;
  /** Set in this contender's environment (the others run without NODE_EXTRA_CA_CERTS, see EXTRA_CA). */
  env?: NodeJS.ProcessEnv;
  /** The goal: wall under this many ms. */
  goalMs?: number;
  /** Compared with Ansible (the ratio goal: under half). */
  isJudged: boolean;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function parseOptions(args: string[]): { runs: number; isWriting: boolean } {
  const i = args.indexOf('--runs');
  return { runs: i >= 0 ? Number(args[i + 1]) : 15, isWriting: !args.includes('--no-write') };
}

/** 25 steps that do what 25 tasks of a playbook would, without hosts: the exec --dry-run contender. */
function dryRunRunbook(): string {
  const steps = Array.from({ length: TASKS }, (_, i) => {
    const id = `step-${String(i + 1).padStart(2, '0')}`;
    if (i % 3 === 0) return `  - id: ${id}\n    local.command: { cmd: [echo, "${id}"], creates: /nonexistent/${id} }\n`;
    if (i % 3 === 1) return `  - id: ${id}\n    assert: { that: ["{{ run.id != '' }}"] }\n`;
    return `  - id: ${id}\n    echo: { msg: "${id} of {{ inventory.name }}" }\n`;
  });
  return `name: startup bench\nsteps:\n${steps.join('')}`;
}

const INVENTORY = `name: startup
engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 } } }
`;

/** The same 25 tasks as a playbook (command with creates, assert, debug), for --syntax-check. */
function playbook(): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const name = `step-${String(i + 1).padStart(2, '0')}`;
    if (i % 3 === 0)
      return `    - name: ${name}\n      ansible.builtin.command: echo ${name}\n      args: { creates: /nonexistent/${name} }\n`;
    if (i % 3 === 1)
      return `    - name: ${name}\n      ansible.builtin.assert: { that: ["inventory_hostname != ''"] }\n`;
    return `    - name: ${name}\n      ansible.builtin.debug: { msg: "${name} of {{ inventory_hostname }}" }\n`;
  });
  return `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks.join('')}`;
}

function hasAnsible(): boolean {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * NODE_EXTRA_CA_CERTS as the bench's environment has it: Node reads and parses that bundle of certificates when it
 * starts, before any script (tens of ms for a distribution's whole CA bundle). Contenders run without it, the way
 * a machine that does not set it runs them; one row shows what Node's own start costs with it.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;

function contenders(dir: string, withAnsible: boolean): Contender[] {
  const node = process.execPath;
  const validate = [node, CLI, 'validate', 'runbooks/install-standalone.yaml'];
  const list: Contender[] = [
    { label: '`node -e 0` (Node itself, the floor)', argv: [node, '-e', '0'], cwd: ROOT, isJudged: false },
    ...(EXTRA_CA === undefined
      ? []
      : [
          {
            label: `\`node -e 0\` with NODE_EXTRA_CA_CERTS=${EXTRA_CA} (as this machine's environment sets it)`,
            argv: [node, '-e', '0'],
            cwd: ROOT,
            env: { NODE_EXTRA_CA_CERTS: EXTRA_CA },
            isJudged: false,
          },
        ]),
    { label: '`runbook --help`', argv: [node, CLI, '--help'], cwd: ROOT, goalMs: 100, isJudged: true },
    {
      label: '`runbook validate runbooks/install-standalone.yaml` (27 steps, 2 includes)',
      argv: validate,
      cwd: ROOT,
      goalMs: 150,
      isJudged: true,
    },
    {
      label: 'the same `validate` without the code cache (`RUNBOOK_NO_CODE_CACHE=1`: V8 compiles the bundle)',
      argv: validate,
      cwd: ROOT,
      env: { RUNBOOK_NO_CODE_CACHE: '1' },
      isJudged: false,
    },
    {
      label: '`runbook validate install-standalone.yaml dr-drill.yaml -i inventories/lab.yaml`',
      argv: [
        node,
        CLI,
        'validate',
        'runbooks/install-standalone.yaml',
        'runbooks/dr-drill.yaml',
        '-i',
        'inventories/lab.yaml',
      ],
      cwd: ROOT,
      isJudged: true,
    },
    {
      label: `\`runbook exec --dry-run\` (${TASKS} steps: command, assert, echo; journaled)`,
      argv: [node, CLI, 'exec', join(dir, 'runbook.yaml'), '-i', join(dir, 'inventory.yaml'), '--dry-run'],
      cwd: dir,
      isJudged: true,
    },
  ];
  if (withAnsible) {
    list.push({
      label: `\`ansible-playbook --syntax-check\` (${TASKS} tasks)`,
      argv: ['ansible-playbook', '--syntax-check', '-i', join(dir, 'hosts.ini'), join(dir, 'play.yml')],
      cwd: dir,
      isJudged: false,
    });
  }
  return list;
}

/** The bench's environment without NODE_EXTRA_CA_CERTS. */
function environment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** One run of a contender: wall time measured here, CPU from /usr/bin/time. */
async function sample(contender: Contender, dir: string): Promise<Sample> {
  const out = join(dir, 'time.out');
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(TIME, ['-f', '%U %S', '-o', out, ...contender.argv], {
      cwd: contender.cwd,
      stdio: 'ignore',
      env: { ...environment(), RUNBOOK_STATE_DIR: join(dir, 'state'), ANSIBLE_NOCOLOR: '1', ...contender.env },
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${contender.argv.join(' ')} exited ${code}`);
  const [user, system] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
}

function ratio(value: number, base: number | undefined): string {
  return base === undefined ? '-' : (value / base).toFixed(2);
}

function render(list: Contender[], results: Map<Contender, Sample[]>, runs: number, loads: string[]): string {
  const ansible = list.find((c) => c.label.includes('ansible'));
  const ansibleWall = ansible ? median(results.get(ansible)!.map((s) => s.wallMs)) : undefined;
  const rows = list.map((c) => {
    const samples = results.get(c)!;
    const wall = median(samples.map((s) => s.wallMs));
    const cpu = median(samples.map((s) => s.cpuMs));
    const goal = c.goalMs === undefined ? '' : `under ${c.goalMs} ms: ${wall < c.goalMs ? 'met' : 'NOT met'}`;
    const half = c.isJudged && ansibleWall !== undefined ? `${wall < ansibleWall / 2 ? 'met' : 'NOT met'}` : '';
    return `| ${c.label} | ${wall.toFixed(0)} | ${Math.min(...samples.map((s) => s.wallMs)).toFixed(0)} | ${cpu.toFixed(0)} | ${ratio(wall, ansibleWall)} | ${goal} | ${half} |`;
  });
  return [
    '## Start-up (`npm run bench -- startup`)',
    '',
    `The built CLI (\`node bin/runbook.js\`: the bundle \`npm run build\` leaves in dist/cli/runbook.js, through V8's code cache) against \`ansible-playbook --syntax-check\``,
    `on a playbook of ${TASKS} tasks, in the same run: ${runs} interleaved rounds (every contender once per round), medians.`,
    'Wall time is spawn to exit, measured by the bench; CPU is user + system from `/usr/bin/time -f "%U %S"`',
    "(run any row by hand under `/usr/bin/time -v` to reproduce it). Ratios are wall time over Ansible's. Every",
    'contender runs without NODE_EXTRA_CA_CERTS (Node loads that file before any script); a row shows its cost when set.',
    '',
    `Machine: ${describeMachine()}; measured ${new Date().toISOString()}.`,
    `Load average (1, 5, 15 min): ${loads.join('; then ')} (the machine is shared: the ratios hold better than the times).`,
    '',
    '| contender | wall ms (median) | wall ms (best) | CPU ms | wall / Ansible | goal | under half of Ansible |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows,
    '',
    'What starting costs and why it is small: the CLI and its libraries are one file (scripts/bundle.js), so nothing is',
    'resolved or read module by module, and bin/runbook.js gives V8 the code it compiled on the first run (Node 20 has',
    'no compile cache of its own). Inside the bundle each module still runs only when first required: `--help` runs',
    'commander and the command declarations only (`src/cli/commands/`); `validate` runs js-yaml, the loaders, the module',
    'registry and the JSON Schema validators `npm run build` generated (ajv standalone code, carried by the bundle and',
    'its code cache: nothing is compiled, resolved or read for them at start-up, and each runs only when first used);',
    'neither runs the lab, ssh2, the engine or the report (test/e2e/startup.test.ts).',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!hasTimeCommand()) throw new Error(`${TIME} is needed (apt-get install time)`);
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-startup-'));
  try {
    writeFileSync(join(dir, 'runbook.yaml'), dryRunRunbook());
    writeFileSync(join(dir, 'inventory.yaml'), INVENTORY);
    writeFileSync(join(dir, 'play.yml'), playbook());
    writeFileSync(join(dir, 'hosts.ini'), '[all]\nlocalhost ansible_connection=local\n');
    const withAnsible = hasAnsible();
    if (!withAnsible) console.error('ansible-playbook not found: measuring runbook alone');
    const list = contenders(dir, withAnsible);
    const results = new Map<Contender, Sample[]>(list.map((c) => [c, []]));
    const loads = [
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', '),
    ];
    for (const contender of list) await sample(contender, dir); // warm the file cache
    for (let round = 0; round < options.runs; round += 1) {
      for (const contender of list) results.get(contender)!.push(await sample(contender, dir));
    }
    loads.push(
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')
    );
    const text = render(list, results, options.runs, loads);
    console.log(text);
    if (options.isWriting) replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'startup', text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
