import { existsSync, readFileSync } from 'node:fs';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

/**
 * A local runbook with loops, registers, when, retries with until and an ignored failure. Every local.command
 * writes a marker file under `out/`, so the tests can tell whether it ran.
 */
const RUNBOOK = `name: local e2e
vars: { out: set-by-the-test }
steps:
  - id: hello
    echo: { msg: "hello from {{ inventory.name }}" }
  - id: markers
    loop: [one, two, three]
    local.command: { cmd: [touch, "{{ out }}/{{ item }}"] }
  - id: per-host
    hosts: site:primary
    local.command: { shell: "echo {{ host.name }} > {{ out }}/host-{{ host.name }}; echo wrote {{ host.name }}" }
    register: wrote
  - id: only-a1
    hosts: site:primary
    when: host.name == 'kvm-a1'
    echo: { msg: "{{ wrote.stdout | trim }}" }
  - id: count-to-three
    local.command: { shell: "n=$(cat {{ out }}/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > {{ out }}/count; echo $n" }
    register: count
    retries: 5
    delay: 10ms
    until: count.stdout | trim | int >= 3
  - id: fails-ignored
    local.command: { shell: "touch {{ out }}/tried; echo broken >&2; exit 7" }
    ignore_errors: true
    register: bad
  - id: after
    echo: { msg: "bad rc was {{ bad.rc }}, counted {{ count.stdout | trim }}" }
`;

const MARKERS = ['out/one', 'out/two', 'out/three', 'out/host-kvm-a1', 'out/host-kvm-a2', 'out/count', 'out/tried'];

describe('runbook exec on a local runbook', () => {
  let dir: TestDir;
  beforeEach(() => {
    dir = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': TINY_INVENTORY, 'out/.keep': '' });
  });
  afterEach(() => dir.cleanup());

  const exec = (...args: string[]) =>
    runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `out=${dir.file('out')}`, ...args], {
      cwd: dir.path,
    });

  it('runs loops, registers, when, retries until and an ignored failure, and exits 0', async () => {
    const result = await exec();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    for (const marker of MARKERS) expect(existsSync(dir.file(marker))).toBe(true);
    expect(readFileSync(dir.file('out/count'), 'utf8')).toBe('3\n');
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '[hello] (once) | hello from e2e',
        expect.stringMatching(
          new RegExp(`^\\[markers\\] \\[two\\]: changed \\(.+\\)  run: touch ${dir.file('out/two')}$`)
        ),
        expect.stringMatching(/^\[only-a1\] kvm-a2: skipped {2}when: host.name == 'kvm-a1' was false$/),
        '[only-a1] kvm-a1 | wrote kvm-a1',
        expect.stringMatching(/^\[count-to-three\] \(once\): retrying \(attempt 3 in 10ms\)/),
        expect.stringMatching(/^\[fails-ignored\] \(once\): failed \(ignored\) .*exit code 7: broken/),
        '[after] (once) | bad rc was 7, counted 3',
      ])
    );
    expect(result.stdout).toMatch(/Run \S+ finished in \S+\n {2}3 ok, 6 changed, 1 skipped, 1 failed \(1 ignored\)\n/);
    expect(result.stdout).toContain(
      'Failed but ignored (ignore_errors):\n  [fails-ignored] (once): local.command failed'
    );
  });

  it('runs no command in --dry-run, and says what would change and what cannot be known yet', async () => {
    const result = await exec('--dry-run');
    expect(result.code).toBe(ExitCode.OK);
    for (const marker of MARKERS) expect(existsSync(dir.file(marker))).toBe(false);
    const out = dir.file('out');
    expect(result.stdout).toContain(`Would change:\n  [markers] [one]: run: touch ${out}/one`);
    expect(result.stdout).toContain(`  [per-host] kvm-a2: run: echo kvm-a2 > ${out}/host-kvm-a2; echo wrote kvm-a2`);
    expect(result.stdout).toContain(
      'Unknown until earlier steps are applied:\n  [only-a1] kvm-a1: depends on step "per-host" which would change in a real run'
    );
    expect(result.stdout).toContain(
      '  [after] (once): depends on step "fails-ignored" which would change in a real run'
    );
  });

  it('is the same as runbook plan', async () => {
    const result = await runCli(['plan', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `out=${dir.file('out')}`], {
      cwd: dir.path,
    });
    expect(result.code).toBe(ExitCode.OK);
    for (const marker of MARKERS) expect(existsSync(dir.file(marker))).toBe(false);
    expect(result.stdout).toMatch(/^Dry run \S+ finished/m);
  });

  it('prints one JSON event per line with --json, and no summary', async () => {
    const result = await exec('--json', '--only', 'hello');
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      'step.started',
      'task.started',
      'task.output',
      'task.planned',
      'task.finished',
      'step.finished',
      'run.finished',
    ]);
  });
});

describe('runbook exec failures and exit codes', () => {
  let dir: TestDir;
  afterEach(() => dir.cleanup());

  it('stops at a failing step, names it in the summary, and exits 1', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml': `name: failing
vars: { dir: set-by-the-test }
steps:
  - id: break
    hosts: site:primary
    local.command: { shell: "echo 'disk full on {{ host.name }}' >&2; exit 2" }
  - id: never
    local.command: { cmd: [touch, "{{ dir }}/never"] }
`,
    });
    const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `dir=${dir.path}`], {
      cwd: dir.path,
    });
    expect(result.code).toBe(ExitCode.STEP_FAILED);
    expect(existsSync(dir.file('never'))).toBe(false);
    expect(result.stdout).toMatch(/\nFailed:\n {2}\[break\] kvm-a/);
    expect(result.stdout).toContain(
      '  [break] kvm-a1: local.command failed (step "break"): exit code 2: disk full on kvm-a1'
    );
    expect(result.stdout).toContain(
      '  [break] kvm-a2: local.command failed (step "break"): exit code 2: disk full on kvm-a2'
    );
  });

  it('refuses a confirm it cannot ask without --yes (exit 4), and runs it with --yes', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml': `name: confirm
vars: { dir: set-by-the-test }
steps:
  - id: danger
    confirm: Power off site A?
    local.command: { cmd: [touch, "{{ dir }}/done"] }
`,
    });
    const args = ['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `dir=${dir.path}`];
    const refused = await runCli(args, { cwd: dir.path });
    expect(refused.code).toBe(ExitCode.REFUSED);
    expect(refused.stdout).toContain(
      'Refused: step "danger": cannot ask "Power off site A?": no terminal to answer on; pass --yes to answer yes'
    );
    expect(existsSync(dir.file('done'))).toBe(false);
    const accepted = await runCli([...args, '--yes'], { cwd: dir.path });
    expect(accepted.code).toBe(ExitCode.OK);
    expect(existsSync(dir.file('done'))).toBe(true);
  });

  it('stops at a pause it cannot ask without a terminal, saying to pass --yes', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml':
        'name: p\nsteps:\n  - id: gate\n    pause: { prompt: Fail over now? }\n  - id: after\n    echo: { msg: 1 }\n',
    });
    const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml'], { cwd: dir.path });
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stdout).toContain(
      'Refused: step "gate": cannot ask "Fail over now?": no terminal to answer on; pass --yes to answer yes'
    );
    expect(result.stdout).not.toContain('[after]');
  });

  it.each([
    ['an unknown option', ['exec', 'r.yaml', '--bogus'], ExitCode.USAGE, /unknown option '--bogus'/],
    ['a bad --forks', ['exec', 'r.yaml', '--forks', '0'], ExitCode.USAGE, /expected a whole number/],
    ['a missing inventory', ['exec', 'r.yaml', '-i', 'missing.yaml'], ExitCode.INVALID_INPUT, /missing\.yaml/],
    [
      'a bad -e',
      ['exec', 'r.yaml', '-i', 'inventory.yaml', '-e', 'novalue'],
      ExitCode.USAGE,
      /-e novalue: expected key=value/,
    ],
  ])('exits with the documented code for %s', async (_what, args, code, message) => {
    dir = testdir({ 'inventory.yaml': TINY_INVENTORY, 'r.yaml': 'name: r\nsteps: []\n' });
    const result = await runCli(args, { cwd: dir.path });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['--limit', 'nosuch', ExitCode.INVALID_INPUT, 'bad target selector "nosuch": no host "nosuch" in inventory'],
    ['--only', 'nope', ExitCode.USAGE, '--only: no step "nope" in the runbook (known: a)'],
  ])(
    'refuses a bad %s before the run is journaled, so no run is left without an end',
    async (flag, value, code, message) => {
      dir = testdir({
        'inventory.yaml': TINY_INVENTORY,
        'runbook.yaml': 'name: r\nsteps:\n  - id: a\n    hosts: site:primary\n    echo: { msg: hi }\n',
      });
      const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', flag, value], { cwd: dir.path });
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
      const runs = await runCli(['runs'], { cwd: dir.path });
      expect(runs.stdout).toMatch(/^no runs in /);
    }
  );

  it('reports an invalid runbook with file:line:col and exits 3', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml': 'name: bad\nsteps:\n  - id: x\n    echo: { msg: 1 }\n    hosts: site:nowhere\n',
    });
    const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml'], { cwd: dir.path });
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/runbook\.yaml:\d+:\d+/);
  });

  it('passes -e variables to templates, typed as YAML', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml':
        'name: vars\nvars: { greeting: hello, n: 1 }\nsteps:\n  - id: say\n    echo: { msg: "{{ greeting }} {{ n + 1 }}" }\n',
    });
    const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', 'greeting=hi', '-e', 'n=3'], {
      cwd: dir.path,
    });
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('[say] (once) | hi 4');
  });

  it('accepts -e variables the runbook does not declare, and still names an unknown one', async () => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbook.yaml': 'name: vars\nsteps:\n  - id: say\n    echo: { msg: "to {{ target_dir }}" }\n',
    });
    const args = ['exec', 'runbook.yaml', '-i', 'inventory.yaml'];
    const given = await runCli([...args, '-e', 'target_dir=/srv'], { cwd: dir.path });
    expect(given.code).toBe(ExitCode.OK);
    expect(given.stdout).toContain('[say] (once) | to /srv');
    const missing = await runCli(args, { cwd: dir.path });
    expect(missing.code).toBe(ExitCode.INVALID_INPUT);
    expect(missing.stderr).toMatch(/runbook\.yaml:4:\d+ .*target_dir/);
  });
});

describe('runbook --help', () => {
  let dir: TestDir;
  beforeAll(() => {
    dir = testdir({});
  });
  afterAll(() => dir.cleanup());

  it.each(['exec', 'plan', 'validate', 'inventory', 'runs', 'log', 'audit', 'unlock', 'report'])(
    'shows examples for runbook %s',
    async (command) => {
      const result = await runCli([command, '--help'], { cwd: dir.path });
      expect(result.code).toBe(ExitCode.OK);
      expect(result.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ runbook ${command}\\b`));
    }
  );

  it('lists every command, with examples and where the exit codes are documented', async () => {
    const result = await runCli(['--help'], { cwd: dir.path });
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('Exit codes are documented in docs/errors.md.');
  });
});
