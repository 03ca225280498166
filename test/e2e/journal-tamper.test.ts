/**
 * The tamper suite: a real run's journal (through the CLI), unsigned and signed with an SSH key (SSHSIG heads,
 * a checkpoint at every durable batch), then cut, appended to, rewritten with its chain recomputed, reordered,
 * torn and re-signed by another key; each case with its verdict from `runbook audit verify`, without and with
 * `--signers`. And `ssh-keygen -Y verify` accepts a genuine head and refuses a forged one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHeader, encodeLine } from '../../src/runs/line';
import { JOURNAL_NAMESPACE } from '../../src/runs/sshsig';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

// Commands (changed tasks) are each made durable before the next begins, so each durable batch gets a checkpoint.
const STEPS = Array.from(
  { length: 8 },
  (_, i) => `  - id: s${i + 1}\n    local.command: { shell: "echo step ${i + 1}" }\n`
).join('');
const RUNBOOK = `name: tamper\nsteps:\n${STEPS}`;
const IDENTITY = 'ops@example.com';

type Tamper = (lines: string[]) => string[];

/** Replace line `index` (0-based) by `edit` of its event, then recompute every digest after it (a knowing forger). */
const rechain =
  (index: number, edit: (eventJson: string) => string): Tamper =>
  (lines) => {
    const out = lines.slice(0, index);
    let prev = index === 0 ? '0'.repeat(64) : decodeHeader(lines[index - 1]!).header!.digest;
    lines.slice(index).forEach((line, i) => {
      const header = decodeHeader(line).header!;
      const eventJson = i === 0 ? edit(header.eventJson) : header.eventJson;
      const encoded = encodeLine(header.seq, prev, eventJson);
      out.push(encoded.text);
      prev = encoded.digest;
    });
    return out;
  };

/** A line with a correct digest, chained to the last one. */
const forgedAppend: Tamper = (lines) => {
  const last = decodeHeader(lines.at(-1)!).header!;
  const event = JSON.stringify({ type: 'warning', at: 1, message: 'nothing happened here' });
  return [...lines, encodeLine(last.seq + 1, last.digest, event).text];
};

interface Case {
  name: string;
  tamper: Tamper;
  /** Bytes without a newline after the lines (a torn tail). */
  tail?: (lines: string[]) => string;
  unsigned: [number, RegExp];
  signed: [number, RegExp];
}

const CASES: Case[] = [
  { name: 'untouched', tamper: (l) => l, unsigned: [0, /intact/], signed: [0, /signed by ops@example\.com/] },
  {
    name: 'the last line removed',
    tamper: (l) => l.slice(0, -1),
    unsigned: [0, /intact/],
    signed: [6, /ends at line \d+ but its signed head covers \d+ lines: line \d+ was removed \(a cut tail\)/],
  },
  {
    name: 'the last five lines removed',
    tamper: (l) => l.slice(0, -5),
    unsigned: [0, /intact/],
    signed: [6, /lines \d+-\d+ were removed \(a cut tail\)/],
  },
  {
    name: 'half the file removed',
    tamper: (l) => l.slice(0, Math.floor(l.length / 2)),
    unsigned: [0, /intact/],
    signed: [6, /a cut tail/],
  },
  {
    name: 'a forged line appended (correct digest, chained)',
    tamper: forgedAppend,
    unsigned: [0, /intact/],
    signed: [6, /after the last signed head .*appended since, or written by a run that stopped/],
  },
  {
    name: 'a line edited and the chain recomputed after it',
    tamper: rechain(4, (json) => json.replace('"s1"', '"s9"')),
    unsigned: [0, /intact/],
    signed: [6, /does not match the signed head at line \d+: the journal was rewritten/],
  },
  {
    name: 'the last line edited and re-digested',
    tamper: (l) => rechain(l.length - 1, (json) => json.replace('"ok"', '"failed"'))(l),
    unsigned: [0, /intact/],
    signed: [6, /rewritten/],
  },
  {
    name: 'two lines swapped',
    tamper: (l) => [...l.slice(0, 3), l[4]!, l[3]!, ...l.slice(5)],
    unsigned: [6, /line 4 has seq 5 where 4 was expected/],
    signed: [6, /line 4 has seq 5 where 4 was expected/],
  },
  {
    name: 'a torn tail (the start of the next line, as a crash leaves it)',
    tamper: (l) => l,
    tail: (l) => `{"seq":${l.length + 1},"prev":"${decodeHeader(l.at(-1)!).header!.digest}","event":{"type":"war`,
    unsigned: [0, /is torn .*whether its content was edited cannot be told/],
    signed: [0, /is torn/],
  },
  {
    name: 'the last line edited and left without its newline',
    tamper: (l) => l.slice(0, -1),
    tail: (l) => l.at(-1)!.replace('"ok"', '"failed"'),
    unsigned: [6, /is not a torn write although it has no newline: its digest does not match/],
    signed: [6, /is not a torn write/],
  },
];

describe('the tamper suite: each verdict without and with signatures', () => {
  let dir: TestDir;
  let unsignedRun: string;
  let signedRun: string;
  const journals: Record<string, string> = {};

  const cli = (...args: string[]) => runCli(args, { cwd: dir.path, env: { SSH_AUTH_SOCK: '' } });
  const runDir = (id: string): string => join(dir.path, '.runbook', 'runs', id);
  const journalOf = (id: string): string => join(runDir(id), 'journal.jsonl');

  beforeAll(async () => {
    dir = testdir({
      'runbook.yaml': RUNBOOK,
      'inventory.yaml': TINY_INVENTORY,
      'signed.yaml': `${TINY_INVENTORY}state: { signing_key: ops_key, checkpoint: 0s }\n`,
    });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', IDENTITY, '-f', dir.file('ops_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', dir.file('forger_key')]);
    const publicKey = readFileSync(dir.file('ops_key.pub'), 'utf8').trim();
    writeFileSync(dir.file('allowed_signers'), `${IDENTITY} namespaces="${JOURNAL_NAMESPACE}" ${publicKey}\n`);
    expect((await cli('exec', 'runbook.yaml', '-i', 'inventory.yaml')).code).toBe(0);
    expect((await cli('exec', 'runbook.yaml', '-i', 'signed.yaml')).code).toBe(0);
    [unsignedRun, signedRun] = readdirSync(join(dir.path, '.runbook', 'runs')).sort() as [string, string];
    journals[unsignedRun] = readFileSync(journalOf(unsignedRun), 'utf8');
    journals[signedRun] = readFileSync(journalOf(signedRun), 'utf8');
  });
  afterAll(() => dir.cleanup());

  function applyCase(id: string, c: Case): void {
    const lines = journals[id]!.split('\n').filter(Boolean);
    const tampered = c.tamper(lines);
    writeFileSync(journalOf(id), tampered.join('\n') + '\n' + (c.tail?.(lines) ?? ''));
  }

  it('signs the run: heads at its start, at each checkpoint and at its end', () => {
    const heads = readdirSync(join(runDir(signedRun), 'heads'));
    const lines = journals[signedRun]!.split('\n').filter(Boolean).length;
    expect(heads).toContain(`${String(lines).padStart(9, '0')}.head`);
    expect(heads.filter((h) => h.endsWith('.head')).length).toBeGreaterThan(3);
    expect(heads.filter((h) => h.endsWith('.head.sig')).length).toBe(heads.length / 2);
    expect(readdirSync(runDir(unsignedRun))).toEqual(['journal.jsonl']);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    applyCase(unsignedRun, c);
    const unsigned = await cli('audit', 'verify', unsignedRun);
    expect([unsigned.code, unsigned.stdout + unsigned.stderr]).toEqual([
      c.unsigned[0],
      expect.stringMatching(c.unsigned[1]),
    ]);
    if (c.unsigned[0] === 0)
      expect(unsigned.stdout).toMatch(
        /not signed: a cut tail, an appended line or a recomputed chain cannot be detected/
      );

    applyCase(signedRun, c);
    const signed = await cli('audit', 'verify', signedRun, '--signers', 'allowed_signers', '--identity', IDENTITY);
    expect([signed.code, signed.stdout + signed.stderr]).toEqual([c.signed[0], expect.stringMatching(c.signed[1])]);
  });

  it('catches heads re-signed by a key the allowed signers do not list, and heads removed', async () => {
    applyCase(signedRun, CASES[0]!);
    const headsDir = join(runDir(signedRun), 'heads');
    const last = readdirSync(headsDir)
      .filter((n) => n.endsWith('.head'))
      .sort()
      .at(-1)!;
    const original = readFileSync(join(headsDir, `${last}.sig`), 'utf8');
    rmSync(join(headsDir, `${last}.sig`));
    execFileSync('ssh-keygen', [
      '-q',
      '-Y',
      'sign',
      '-f',
      dir.file('forger_key'),
      '-n',
      JOURNAL_NAMESPACE,
      join(headsDir, last),
    ]);
    const forged = await cli('audit', 'verify', signedRun, '--signers', 'allowed_signers');
    expect(forged.code).toBe(ExitCode.TAMPERED);
    expect(forged.stderr).toMatch(/is signed by ssh-ed25519 SHA256:\S+, which the allowed signers do not allow/);
    const unsignedView = await cli('audit', 'verify', signedRun);
    expect(unsignedView.code).toBe(0); // self-consistent: only the allowed signers tell the forger apart

    writeFileSync(join(headsDir, `${last}.sig`), original);
    rmSync(headsDir, { recursive: true });
    const noHeads = await cli('audit', 'verify', signedRun, '--signers', 'allowed_signers');
    expect(noHeads.code).toBe(ExitCode.TAMPERED);
    expect(noHeads.stderr).toMatch(/the journal has no signed head/);
  });
});

describe('ssh-keygen -Y verify on a journal head', () => {
  let dir: TestDir;
  beforeAll(async () => {
    dir = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': `${TINY_INVENTORY}state: { signing_key: ops_key }\n` });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', IDENTITY, '-f', dir.file('ops_key')]);
    const publicKey = readFileSync(dir.file('ops_key.pub'), 'utf8').trim();
    writeFileSync(dir.file('allowed_signers'), `${IDENTITY} ${publicKey}\n`);
    expect((await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml'], { cwd: dir.path })).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  function verifyWithSshKeygen(head: string, signature: string): { status: number | null; output: string } {
    const result = spawnSync(
      'ssh-keygen',
      ['-Y', 'verify', '-f', dir.file('allowed_signers'), '-I', IDENTITY, '-n', JOURNAL_NAMESPACE, '-s', signature],
      { input: readFileSync(head), encoding: 'utf8' }
    );
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('accepts a genuine head, and refuses a forged one', () => {
    const runs = join(dir.path, '.runbook', 'runs');
    const headsDir = join(runs, readdirSync(runs)[0]!, 'heads');
    const last = join(
      headsDir,
      readdirSync(headsDir)
        .filter((n) => n.endsWith('.head'))
        .sort()
        .at(-1)!
    );
    const genuine = verifyWithSshKeygen(last, `${last}.sig`);
    expect(genuine).toEqual({
      status: 0,
      output: expect.stringContaining(`Good "${JOURNAL_NAMESPACE}" signature for ${IDENTITY}`),
    });

    const forged = join(dir.path, 'forged.head');
    writeFileSync(
      forged,
      readFileSync(last, 'utf8').replace(/^lines (\d+)$/m, (_m, n: string) => `lines ${Number(n) - 3}`)
    );
    const refused = verifyWithSshKeygen(forged, `${last}.sig`);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/Signature verification failed|incorrect signature/i);
  });
});
