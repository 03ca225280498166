/**
 * `npm run bench -- trust`: what the trust features cost, each beside its baseline, measured side by side.
 *  1. Journal writes per step x target of a changing run (each task durable before the next): the local journal
 *     alone against the PostgreSQL replica (a throwaway durable server on loopback, started as the tests start
 *     it) and the signed heads (key file and ssh-agent, checkpoint 1m and 0s), the observers attached as a real
 *     run attaches them; contenders interleaved.
 *  2. One signature (SSHSIG of a head) by key type, key file against ssh-agent, and writing a signed head.
 *  3. `audit verify` of a 5,000-step journal, unsigned against signed (2 heads, or a head per durable batch):
 *     in-process and the whole CLI.
 *  4. Hostile YAML refused by parseYaml, against reading the lab inventory.
 * Medians; the load average is printed at the start and the end (the machine is shared). Writes the "trust"
 * section of docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSignedHead } from '../src/runs/heads';
import { PgState } from '../src/runs/pg/state';
import { openSigner, signMessage } from '../src/runs/ssh-signer';
import type { SshSigner } from '../src/runs/ssh-signer';
import { JOURNAL_NAMESPACE } from '../src/runs/sshsig';
import { parseYaml } from '../src/shared/yaml-source';
import { aliasBomb, deepFlow } from '../test/helpers/hostile-yaml';
import { startPostgres } from '../test/helpers/postgres';
import { describeMachine, replaceSection } from './_doc-section';
import { median } from './_measure';
import { fmt, headsOf, ratio, recordChangingRun, replayRun, startAgent, writeEchoInventory } from './_trust-runs';
import type { Keys, Observers } from './_trust-runs';
import { verifyCost } from './_trust-verify';

const ROOT = join(__dirname, '..', '..', '..');
const RUNS = 9;
const STEPS = 100;
const TARGETS = 2;
const SIGNATURES = 200;
const YAML_RUNS = 9;
const IDENTITY = 'bench@example.com';

const agentRow = (signer: SshSigner): [string, Observers] => [
  '+ signed heads, ssh-agent, checkpoint 0s',
  { signing: { signer, checkpointMs: 0 } },
];

async function writeCost(dir: string, keys: Keys, backend: PgState): Promise<string[]> {
  const keyFile = (checkpointMs: number): Observers => ({ signing: { signer: keys.ed25519, checkpointMs } });
  const contenders: [string, Observers][] = [
    ['local journal (baseline)', {}],
    ['+ PostgreSQL replica', { backend }],
    ['+ signed heads, key file, checkpoint 1m (start and end)', keyFile(60_000)],
    ['+ signed heads, key file, checkpoint 0s (every durable batch)', keyFile(0)],
    ...(keys.agent === undefined ? [] : [agentRow(keys.agent)]),
    ['+ PostgreSQL replica + signed heads, key file, 0s', { backend, ...keyFile(0) }],
  ];
  const inventory = await writeEchoInventory(dir, TARGETS);
  const state = join(dir, 'write-cost');
  const events = await recordChangingRun(inventory, STEPS);
  await replayRun(state, 'warm-up', events, { backend, ...keyFile(0) });
  const samples = contenders.map(() => [] as number[]);
  const heads = contenders.map(() => 0);
  const syncs = contenders.map(() => 0);
  let n = 0;
  for (let round = 0; round < RUNS; round++) {
    // Each round starts one contender later, so none always follows the same one (the disk's state, PostgreSQL's
    // background writes).
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const observers = contenders[i]![1];
      const run = await replayRun(state, `run-${n++}`, events, observers);
      samples[i]!.push(run.us / (STEPS * TARGETS));
      heads[i] = observers.signing ? headsOf(run.journal) : 0;
      syncs[i] = run.syncs;
    }
  }
  const base = median(samples[0]!);
  return [
    `The events of a run of ${STEPS} steps on ${TARGETS} hosts (${STEPS * TARGETS} tasks), recorded once, each task a`,
    'change and so made durable (write + fdatasync, then the observers) before the next, as the engine does after a',
    `change; replayed into a new journal for every sample. ${RUNS} rounds, every contender once per round; medians.`,
    'Tasks that change nothing are grouped (up to 1,000 tasks or 1 s per sync), so they cost a fraction of this.',
    '',
    '| journal | µs per step x target (median) | best | × local (medians) | added µs per step x target | heads signed per run | added µs per head | fdatasyncs per run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...contenders.map(([name, observers], i) => {
      const us = median(samples[i]!);
      const best = Math.min(...samples[i]!);
      const added = i === 0 ? '' : fmt(us - base);
      // Per head only where heads are many: two heads' cost is lost in the noise of 200 syncs.
      const count = heads[i] ?? 0;
      const perHead = count > 2 && observers.backend === undefined ? fmt(((us - base) * STEPS * TARGETS) / count) : '';
      const row = [name, fmt(us), fmt(best), ratio(us, base), added, count || '', perHead, syncs[i]];
      return `| ${row.join(' | ')} |`;
    }),
    '',
    "Every sample, µs per task, in the order measured (the spread is the machine's):",
    '',
    ...contenders.map(([name], i) => `- ${name}: ${samples[i]!.map((us) => fmt(us)).join(', ')}`),
  ];
}

async function timeSignatures(signer: SshSigner): Promise<number> {
  const samples: number[] = [];
  const message = Buffer.from('runbook journal head\nrun bench\nlines 1234\ndigest ' + 'ab'.repeat(32) + '\n');
  for (let i = 0; i < SIGNATURES; i++) {
    const start = performance.now();
    await signMessage(signer, message);
    samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

async function signingCost(dir: string, keys: Keys): Promise<string[]> {
  const contenders: [string, SshSigner][] = [['ed25519, key file (baseline)', keys.ed25519]];
  for (const [type, bits] of [
    ['ecdsa', '256'],
    ['rsa', '3072'],
  ] as const) {
    const path = join(dir, `key-${type}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-b', bits, '-N', '', '-f', path]);
    contenders.push([`${type}-${bits}, key file`, await openSigner(path, {})]);
  }
  if (keys.agent) contenders.push(['ed25519, ssh-agent (a Unix socket round trip)', keys.agent]);
  const us: number[] = [];
  for (const [, signer] of contenders) us.push(await timeSignatures(signer));
  const writes: number[] = [];
  const signature = await signMessage(keys.ed25519, Buffer.from('head'));
  for (let i = 1; i <= SIGNATURES; i++) {
    const start = performance.now();
    writeSignedHead(join(dir, 'head-writes'), { lines: i, message: `head ${i}\n`, signature });
    writes.push((performance.now() - start) * 1000);
  }
  return [
    `SSHSIG of one journal head (sha512 of the head, then the key's signature), median of ${SIGNATURES}; and storing`,
    'a signed head beside the journal (two files, written aside, renamed, the directory synced).',
    '',
    '| signature | µs per head | × ed25519 key file |',
    '| --- | ---: | ---: |',
    ...contenders.map(([name], i) => `| ${name} | ${fmt(us[i]!)} | ${ratio(us[i]!, us[0]!)} |`),
    `| storing a signed head (\`heads/NNN.head\` + \`.sig\`, fsyncs) | ${fmt(median(writes))} | ${ratio(median(writes), us[0]!)} |`,
  ];
}

function hostileYaml(): string[] {
  const cases: [string, string, boolean][] = [
    ['inventories/lab.yaml (baseline, read)', readFileSync(join(ROOT, 'inventories', 'lab.yaml'), 'utf8'), true],
    ...[7, 8, 9, 10, 11, 12].map((n): [string, string, boolean] => [`alias bomb, ${n} levels`, aliasBomb(n), false]),
    ['100,000-deep `[[[…]]]`', deepFlow(100_000), false],
    ['100,000-deep `- - - …`', '- '.repeat(100_000) + 'x', false],
  ];
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < YAML_RUNS; round++) {
    for (const [i, [name, text, isRead]] of cases.entries()) {
      const start = performance.now();
      const parsed = parseYaml(text, 'bench.yaml');
      samples[i]!.push(performance.now() - start);
      if (parsed.isOk !== isRead) throw new Error(`${name}: expected it ${isRead ? 'read' : 'refused'}`);
    }
  }
  const base = median(samples[0]!);
  return [
    `\`parseYaml\` (the reader of runbooks, inventories and \`-e\` values), median of ${YAML_RUNS}, interleaved. The`,
    'whole CLI on the same documents is in the yaml section above.',
    '',
    '| document | outcome | ms | × lab inventory |',
    '| --- | --- | ---: | ---: |',
    ...cases.map(([name, , isRead], i) => {
      const ms = median(samples[i]!);
      return `| ${name} | ${isRead ? 'read' : 'refused (exit 3)'} | ${fmt(ms, 2)} | ${ratio(ms, base)} |`;
    }),
  ];
}

async function openKeys(dir: string): Promise<{ keys: Keys; stop: () => void }> {
  const key = join(dir, 'key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', IDENTITY, '-f', key]);
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
  const signers = join(dir, 'allowed_signers');
  writeFileSync(signers, `${IDENTITY} namespaces="${JOURNAL_NAMESPACE}" ${publicKey}\n`);
  const agent = await startAgent(dir, key);
  const keys: Keys = { ed25519: await openSigner(key, {}), signers };
  if (agent) keys.agent = await openSigner('agent', { SSH_AUTH_SOCK: agent.socket });
  else process.stdout.write('no ssh-agent: the agent rows are left out\n');
  return { keys, stop: () => agent?.stop() };
}

const loadNow = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  process.stdout.write('building the CLI (tsc -p tsconfig.build.json) for the audit verify rows…\n');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' }
  );
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-trust-'));
  const server = await startPostgres({ isDurable: true });
  const backend = await PgState.connect({ url: server.url, schema: 'bench' });
  const { keys, stop } = await openKeys(dir);
  const loadBefore = loadNow();
  const started = new Date().toISOString();
  try {
    const sections = [
      ['### Journal writes: local, PostgreSQL, signed', await writeCost(dir, keys, backend)],
      ['### Signing', await signingCost(dir, keys)],
      ['### `audit verify` of a long journal', await verifyCost(dir, keys)],
      ['### Hostile YAML refused', hostileYaml()],
    ] as const;
    const body = [
      '## Trust: PostgreSQL backend, signed journals, audit verify, hostile YAML (`npm run bench -- trust`)',
      '',
      'What the trust features (issue #16) cost, each beside its baseline in the same run. No module runs while',
      'measuring (the events of a run are recorded once, then replayed), so the rows are the journal and what rides',
      'on it, attached as a real run attaches it (`attachObservers`). PostgreSQL is a throwaway server on 127.0.0.1',
      '(`test/helpers/postgres.ts`), fsync and synchronous commit on; a server across a network adds its round trip',
      'once per durable batch.',
      '',
      `Machine: ${describeMachine()}; measured ${started}.`,
      `Load average (1, 5, 15 min): ${loadBefore} at the start; ${loadNow()} at the end. The machine is shared with`,
      'other work: the ratios hold better than the times.',
      ...sections.flatMap(([title, lines]) => ['', title, '', ...lines]),
      '',
    ].join('\n');
    process.stdout.write(`${body}\n`);
    replaceSection(join(ROOT, 'docs', 'benchmarks.md'), 'trust', body);
  } finally {
    stop();
    await backend.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
