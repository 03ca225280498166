/**
 * `npm run bench -- yaml`: how fast hostile YAML is refused (src/shared/yaml-limits.ts), beside a baseline read
 * side by side: the shipped lab inventory and a 5,000-VM inventory that merges one anchor into every VM.
 *  1. In-process: parseYaml of each document, median of RUNS (interleaved, so load affects all alike).
 *  2. The built CLI: `runbook validate` of an alias bomb and of a 100,000-deep document, against `validate` of the
 *     shipped preflight runbook (process start included), median of CLI_RUNS.
 * Writes the "yaml" section of docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseYaml } from '../src/shared/yaml-source';
import { describeMachine, replaceSection } from './_doc-section';
import { median } from './_measure';

const ROOT = join(__dirname, '..', '..', '..');
const RUNS = 9;
const CLI_RUNS = 5;

function aliasBomb(levels: number): string {
  const lines = [`a0: &a0 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let k = 1; k <= levels; k++)
    lines.push(
      `a${k}: &a${k} [${Array(9)
        .fill(`*a${k - 1}`)
        .join(', ')}]`
    );
  return lines.join('\n') + '\n';
}

function mergedInventory(vms: number): string {
  const head = 'defaults: &d {memory: 1GiB, site: primary, ha: true}\nvms:\n';
  return head + Array.from({ length: vms }, (_, i) => `  - {<<: *d, name: vm-${i}}`).join('\n') + '\n';
}

interface Case {
  name: string;
  text: string;
  isRefused: boolean;
}

function cases(): Case[] {
  const lab = readFileSync(join(ROOT, 'inventories', 'lab.yaml'), 'utf8');
  return [
    { name: 'baseline: inventories/lab.yaml', text: lab, isRefused: false },
    { name: 'baseline: 5,000 VMs, each `<<: *defaults`', text: mergedInventory(5000), isRefused: false },
    ...[7, 8, 9, 10, 11, 12].map((n) => ({
      name: `alias bomb, ${n} levels (9^${n} values)`,
      text: aliasBomb(n),
      isRefused: true,
    })),
    { name: '100,000-deep `[[[…]]]`', text: '['.repeat(100_000) + ']'.repeat(100_000), isRefused: true },
    { name: '100,000-deep `- - - …`', text: '- '.repeat(100_000) + 'x', isRefused: true },
  ];
}

function timeParse(c: Case): number {
  const start = performance.now();
  const result = parseYaml(c.text, 'bench.yaml');
  const ms = performance.now() - start;
  if (result.isOk === c.isRefused) throw new Error(`${c.name}: expected ${c.isRefused ? 'refusal' : 'success'}`);
  return ms;
}

function timeCli(launcher: string, args: string[], cwd: string, expectCode: number): number {
  const start = performance.now();
  try {
    execFileSync(process.execPath, [launcher, ...args], { cwd, stdio: 'pipe' });
    if (expectCode !== 0) throw new Error(`${args.join(' ')} exited 0`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== expectCode) throw error;
  }
  return performance.now() - start;
}

function main(): void {
  process.stdout.write('building the CLI (tsc -p tsconfig.build.json)…\n');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' }
  );
  const load = loadavg()[0] ?? 0;
  const all = cases();
  const samples = all.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) all.forEach((c, i) => samples[i]?.push(timeParse(c)));
  const baseline = median(samples[0] ?? []);
  const rows = all.map((c, i) => {
    const ms = median(samples[i] ?? []);
    return `| ${c.name} | ${c.text.length.toLocaleString('en-US')} | ${c.isRefused ? 'refused (exit 3)' : 'read'} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(1)} |`;
  });

  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-yaml-'));
  try {
    writeFileSync(join(dir, 'bomb.yaml'), `name: bomb\nvars:\n${aliasBomb(12).replace(/^/gm, '  ')}steps: []\n`);
    writeFileSync(
      join(dir, 'deep.yaml'),
      `name: deep\nvars:\n  x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\nsteps: []\n`
    );
    const launcher = join(ROOT, 'bin', 'runbook.js');
    const preflight = join(ROOT, 'runbooks', 'preflight.yaml');
    const cli = { ok: [] as number[], bomb: [] as number[], deep: [] as number[] };
    for (let run = 0; run < CLI_RUNS; run++) {
      cli.ok.push(timeCli(launcher, ['validate', preflight], dir, 0));
      cli.bomb.push(timeCli(launcher, ['validate', 'bomb.yaml'], dir, 3));
      cli.deep.push(timeCli(launcher, ['validate', 'deep.yaml'], dir, 3));
    }
    const okMs = median(cli.ok);
    const cliRow = (name: string, values: number[]): string =>
      `| ${name} | ${median(values).toFixed(0)} | ${(median(values) / okMs).toFixed(2)} |`;
    const body = [
      '## Hostile YAML (`npm run bench -- yaml`)',
      '',
      'How fast the load-time limits refuse an alias bomb or a 100,000-deep document (src/shared/yaml-limits.ts),',
      'beside documents that are read, measured side by side (interleaved) in one process: `parseYaml`, the',
      `reader of runbooks, inventories and \`-e\` values. Median of ${RUNS}.`,
      '',
      `Machine: ${describeMachine()}; load average ${load.toFixed(1)} when the run started.`,
      `Measured ${new Date().toISOString().slice(0, 10)}. The machine may be shared with other work while measuring.`,
      '',
      '| document | bytes | outcome | ms | × lab inventory |',
      '| --- | ---: | --- | ---: | ---: |',
      ...rows,
      '',
      `The whole CLI (\`node bin/runbook.js validate FILE\`, process start included), median of ${CLI_RUNS}:`,
      '',
      '| command | ms | × validate preflight.yaml |',
      '| --- | ---: | ---: |',
      cliRow('`validate runbooks/preflight.yaml` (baseline)', cli.ok),
      cliRow('`validate` of a runbook holding a 12-level alias bomb (exit 3)', cli.bomb),
      cliRow('`validate` of a runbook holding a 100,000-deep list (exit 3)', cli.deep),
      '',
      'Before the limits, a 10-level bomb passed `validate` and then cost `exec` over 90 s of CPU, and the deep',
      'document ended in "Maximum call stack size exceeded" (exit 70) (issue #16).',
    ];
    replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'yaml', body.join('\n'));
    console.log(body.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
