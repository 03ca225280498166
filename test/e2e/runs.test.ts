/** The run commands end to end (in-process CLI): runs, log, audit verify/export, resume refusals, the lock. */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { engineLockPath } from '../../src/runs/engine-lock';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

const RUNBOOK = `name: small
steps:
  - id: first
    echo: { msg: one }
  - id: breaks
    local.command: { shell: "test -f {{ fixed }}" }
  - id: last
    echo: { msg: three }
`;

describe('runbook runs, log, audit and resume', () => {
  let dir: TestDir;
  beforeEach(() => {
    dir = testdir({ 'inventory.yaml': TINY_INVENTORY });
    writeFileSync(dir.file('runbook.yaml'), RUNBOOK.replace('{{ fixed }}', dir.file('fixed')));
  });
  afterEach(() => dir.cleanup());

  const cli = (...args: string[]) => runCli(args, { cwd: dir.path });
  const exec = (...args: string[]) => cli('exec', 'runbook.yaml', '-i', 'inventory.yaml', ...args);
  const runId = (): string => readdirSync(join(dir.path, '.runbook', 'runs'))[0]!;
  const journal = (): string => join(dir.path, '.runbook', 'runs', runId(), 'journal.jsonl');
  const journalLines = (): string[] => readFileSync(journal(), 'utf8').split('\n').filter(Boolean);

  it('resumes a failed run after the cause is fixed, in the same journal, and shows it all', async () => {
    expect((await exec()).code).toBe(ExitCode.STEP_FAILED);
    writeFileSync(dir.file('fixed'), '');
    const resumed = await exec('--resume');
    expect(resumed.code).toBe(ExitCode.OK);
    expect(resumed.stdout).toContain(`Resuming run ${runId()}: 1 task already done`);
    expect(resumed.stdout).toMatch(/1 already done/);

    const runs = await cli('runs');
    expect(runs.stdout).toMatch(new RegExp(`^${runId()}\\s+small\\s+\\S+@\\S+\\s+.*\\s+ok$`, 'm'));
    const log = await cli('log', runId());
    expect(log.stdout).toMatch(/first +- +- +ok/);
    expect(log.stdout).toMatch(/breaks +- +- +failed .*error: local\.command failed/);
    expect(log.stdout).toMatch(/-- resumed by .*: 1 tasks already done/);
    expect(log.stdout).toMatch(/breaks +- +- +changed/);
    expect(log.stdout).toMatch(/-- run ok after/);
    expect(await cli('audit', 'verify', runId())).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: /) });
  });

  it.each<[string, (lines: string[]) => string[], number]>([
    ['a one-character edit', (l) => l.map((x, i) => (i === 2 ? x.replace('"attempt":1', '"attempt":7') : x)), 3],
    ['a deleted line', (l) => l.filter((_, i) => i !== 4), 5],
    ['two swapped lines', (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)], 2],
  ])('audit verify exits 6 on %s, naming the first bad line', async (_name, tamper, line) => {
    await exec();
    writeFileSync(journal(), tamper(journalLines()).join('\n') + '\n');
    const verify = await cli('audit', 'verify', runId());
    expect(verify.code).toBe(ExitCode.TAMPERED);
    expect(verify.stderr).toMatch(new RegExp(`failed verification: line ${line} `));
  });

  it('audit verify reports a torn last line without calling it tampering', async () => {
    await exec();
    const next = journalLines().length + 1;
    appendFileSync(journal(), `{"seq":${next},"pr`);
    const verify = await cli('audit', 'verify', runId());
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/is torn/);
    writeFileSync(journal(), readFileSync(journal(), 'utf8').replace(/\{"seq":\d+,"pr$/, '{"seq":99,"pr'));
    const edited = await cli('audit', 'verify', runId());
    expect(edited.code).toBe(ExitCode.TAMPERED);
    expect(edited.stderr).toMatch(/is not a torn write although it has no newline/);
  });

  it('refuses to resume when the runbook changed, listing the change, unless --force', async () => {
    await exec();
    writeFileSync(dir.file('runbook.yaml'), RUNBOOK.replace('{{ fixed }}', dir.file('inventory.yaml')));
    const refused = await exec('--resume');
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.stderr).toMatch(
      /refusing to resume run .*:\n {2}runbook file runbook\.yaml changed \(sha256 \w{12} -> \w{12}\)/
    );
    expect(refused.stderr).toContain('Try this: review the changes; resume anyway with --force');
    const forced = await exec('--resume', '--force');
    expect(forced.code).toBe(ExitCode.OK);
    expect(readFileSync(journal(), 'utf8')).toContain(
      'resuming with --force although runbook file runbook.yaml changed'
    );
  });

  it.each([
    [['--resume', '--dry-run'], /--resume cannot be combined with a dry run/],
    [['--force'], /--force only applies to --resume/],
    [['--resume', 'no-such-run'], /no run "no-such-run"/],
  ])('refuses %p as a usage error', async (args, message) => {
    const result = await exec(...args);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(message);
  });

  it('keeps a second run of the engine out while a live process holds its lock; a dead one is cleared with a warning; unlock clears the rest', async () => {
    const owner = { pid: process.pid, machine: hostname(), runId: 'other-run', started: 1 };
    const lockPath = engineLockPath(join(dir.path, '.locks'), {
      url: 'http://127.0.0.1:1/ovirt-engine/api',
      cluster: 'stretch',
    });
    mkdirSync(join(dir.path, '.locks'));
    writeFileSync(lockPath, JSON.stringify(owner));
    const held = await exec();
    expect(held.code).toBe(ExitCode.REFUSED);
    expect(held.stderr).toContain(
      `another run is changing engine http://127.0.0.1:1/ovirt-engine/api (cluster stretch): run other-run (pid ${process.pid} on ${hostname()}) holds the lock ${lockPath}`
    );

    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout
    );
    writeFileSync(lockPath, JSON.stringify({ ...owner, pid: dead }));
    const cleared = await exec();
    expect(cleared.code).toBe(ExitCode.STEP_FAILED);
    expect(cleared.stderr + cleared.stdout).toMatch(
      new RegExp(`cleared the lock \\S+ left by run other-run \\(pid ${dead} on \\S+\\), whose process is gone`)
    );

    writeFileSync(lockPath, JSON.stringify({ ...owner, machine: 'gone-box' }));
    expect((await exec()).code).toBe(ExitCode.REFUSED);
    expect((await cli('unlock', '-i', 'inventory.yaml')).code).toBe(ExitCode.REFUSED);
    expect((await cli('unlock', '-i', 'inventory.yaml', '--force')).stdout).toMatch(/^removed held lock/);
    expect((await exec()).code).toBe(ExitCode.STEP_FAILED);
  });
});
