/**
 * The trust benchmark's `audit verify` rows: a 5,000-step journal written unsigned, signed at its start and end,
 * and signed at every durable batch; verified in-process (`verifyJournal`) and by the whole CLI
 * (`node bin/runbook.js audit verify RUN`, dist/ as tsc -p tsconfig.build.json leaves it).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readAllowedSigners } from '../src/runs/allowed-signers';
import { JOURNAL_NAMESPACE } from '../src/runs/sshsig';
import { verifyJournal } from '../src/runs/verify';
import { median } from './_measure';
import { fmt, headsOf, ratio, recordChangingRun, replayRun, writeEchoInventory } from './_trust-runs';
import type { Keys, Observers } from './_trust-runs';

const ROOT = join(__dirname, '..', '..', '..');
const LONG_STEPS = 5_000;
const VERIFY_RUNS = 5;
const CLI_RUNS = 3;

function timeCli(args: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'bin', 'runbook.js'), ...args], { env, stdio: 'pipe' });
  return performance.now() - start;
}

/** `ssh-keygen -Y verify` of the journal's newest head, as docs/audit.md tells an auditor to run it (ms). */
function timeSshKeygen(journal: string, signers: string): number {
  const headsDir = join(journal, '..', 'heads');
  const last = join(
    headsDir,
    readdirSync(headsDir)
      .filter((n) => n.endsWith('.head'))
      .sort()
      .at(-1)!
  );
  const identity = readFileSync(signers, 'utf8').split(' ')[0]!;
  const samples: number[] = [];
  for (let round = 0; round < CLI_RUNS; round++) {
    const start = performance.now();
    execFileSync(
      'ssh-keygen',
      ['-Y', 'verify', '-f', signers, '-I', identity, '-n', JOURNAL_NAMESPACE, '-s', `${last}.sig`],
      { input: readFileSync(last), stdio: ['pipe', 'pipe', 'pipe'] }
    );
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function verifyCost(dir: string, keys: Keys): Promise<string[]> {
  const inventory = await writeEchoInventory(dir, 1);
  const state = join(dir, 'long');
  const events = await recordChangingRun(inventory, LONG_STEPS);
  const journals: [string, string, boolean][] = [];
  for (const [name, observers] of [
    ['unsigned (baseline)', {}],
    ['signed, 2 heads (checkpoint 1m: start and end)', { signing: { signer: keys.ed25519, checkpointMs: 60_000 } }],
    ['signed, a head per durable batch (checkpoint 0s)', { signing: { signer: keys.ed25519, checkpointMs: 0 } }],
  ] as [string, Observers][]) {
    const run = await replayRun(state, `long-${journals.length}`, events, observers);
    journals.push([
      `${name}, ${observers.signing ? `${fmt(headsOf(run.journal))} heads` : 'no heads'}`,
      run.journal,
      !!observers.signing,
    ]);
  }
  const lines = readFileSync(journals[0]![1], 'utf8').split('\n').length - 1;
  const signers = readAllowedSigners(keys.signers);
  const inProcess = journals.map(() => [] as number[]);
  for (let round = 0; round < VERIFY_RUNS; round++) {
    for (const [i, [, journal, isSigned]] of journals.entries()) {
      const start = performance.now();
      const result = verifyJournal(journal, isSigned ? { signers } : {});
      inProcess[i]!.push(performance.now() - start);
      if (!result.ok) throw new Error(`${journal}: ${result.reason}`);
    }
  }
  const cli = journals.map(() => [] as number[]);
  const env = { ...process.env, RUNBOOK_STATE_DIR: state, SSH_AUTH_SOCK: '' };
  for (let round = 0; round < CLI_RUNS; round++) {
    for (const [i, [, journal, isSigned]] of journals.entries()) {
      const runId = journal.split('/').at(-2)!;
      const args = ['audit', 'verify', runId, ...(isSigned ? ['--signers', keys.signers] : [])];
      cli[i]!.push(timeCli(args, env));
    }
  }
  const [base, cliBase] = [median(inProcess[0]!), median(cli[0]!)];
  const sshKeygen = timeSshKeygen(journals[1]![1], keys.signers);
  return [
    `A journal of ${fmt(lines)} lines (${fmt(LONG_STEPS)} steps, each a change made durable before the next, replayed`,
    'as above); signed ones verified with `--signers`',
    `(every head's signature checked against the allowed signers). In-process \`verifyJournal\`, median of`,
    `${VERIFY_RUNS}; the whole CLI (\`node bin/runbook.js audit verify RUN\`, process start included), median of ${CLI_RUNS}.`,
    '',
    '| journal | verify ms | × unsigned | CLI `audit verify` ms | × unsigned |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...journals.map(([name], i) => {
      const [ms, cliMs] = [median(inProcess[i]!), median(cli[i]!)];
      return `| ${name} | ${fmt(ms)} | ${ratio(ms, base)} | ${fmt(cliMs)} | ${ratio(cliMs, cliBase)} |`;
    }),
    '',
    `An auditor's own check of one head, \`ssh-keygen -Y verify\` of the last head of the 2-head journal (one process,`,
    `median of ${CLI_RUNS}): ${fmt(sshKeygen)} ms, ${ratio(sshKeygen, cliBase)} × the CLI's \`audit verify\` of the unsigned journal.`,
  ];
}
