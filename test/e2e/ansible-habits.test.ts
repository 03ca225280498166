/**
 * What an Ansible user types works: -C/--check, -D/--diff, -v/-vv, --no-color, -e @file and -e '{json}',
 * --limit 'all:!host', -t/-l, --list-steps/--list-tags/--list-hosts, warnings for unknown tags, and a
 * --start-at that would skip a register is refused with a way out. File diffs and past-tense notes are checked on
 * the lab's SSH hosts.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(90_000);

const LOCAL = `name: local habits
vars: { greeting: hello }
steps:
  - id: facts
    tags: [checks]
    echo: { msg: "{{ greeting }}" }
    register: facts
  - id: per-host
    tags: [work]
    hosts: all
    echo: { msg: "{{ host.name }} {{ who | default('nobody') }}" }
  - id: uses-facts
    tags: [work]
    echo: { msg: "{{ facts.msg }} again" }
`;

function journalsOf(dir: TestDir): string[] {
  const runs = join(dir.path, '.runbook', 'runs');
  try {
    return readdirSync(runs).map((id) => readFileSync(join(runs, id, 'journal.jsonl'), 'utf8'));
  } catch {
    return [];
  }
}

describe('Ansible habits on a local runbook', () => {
  let dir: TestDir;
  beforeEach(() => {
    dir = testdir({
      'local.yaml': LOCAL,
      'inventory.yaml': TINY_INVENTORY,
      'vars.yml': 'who: from-file\n',
    });
  });
  afterEach(() => dir.cleanup());
  const run = (...args: string[]) => runCli([...args], { cwd: dir.path });

  it.each<[string, string[]]>([
    ['-C', ['-C']],
    ['--check', ['--check']],
    ['--dry-run', ['--dry-run']],
  ])('%s is a dry run', async (_flag, flags) => {
    const result = await run('exec', 'local.yaml', '-i', 'inventory.yaml', ...flags);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/\nDry run \S+ finished in/);
    expect(journalsOf(dir)[0]).toContain('"isDryRun":true');
  });

  it.each<[string, string[], string]>([
    ['-e @vars.yml', ['-e', '@vars.yml'], 'from-file'],
    ["-e '{json}'", ['-e', '{"who": "from-json"}'], 'from-json'],
    ['-e key=value after @file wins', ['-e', '@vars.yml', '-e', 'who=last'], 'last'],
  ])('reads variables from %s', async (_what, flags, who) => {
    const result = await run('exec', 'local.yaml', '-i', 'inventory.yaml', ...flags);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain(`[per-host] kvm-a1 | kvm-a1 ${who}`);
  });

  it.each<[string, string[]]>([
    ["--limit 'all:!kvm-a2'", ['--limit', 'all:!kvm-a2']],
    ["-l 'kvm-a1:kvm-b1'", ['-l', 'kvm-a1:kvm-b1']],
  ])('narrows the targets with Ansible patterns: %s', async (_what, flags) => {
    const result = await run('exec', 'local.yaml', '-i', 'inventory.yaml', ...flags);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/== per-host \(echo\) on kvm-a1, kvm-b1\n/);
  });

  it('prints registered results with -v, and starts and plans with -vv', async () => {
    const once = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '-v');
    expect(once.stdout).toContain('[facts] (once) | result: {"msg":"hello","changed":false,"failed":false}');
    expect(once.stdout).not.toContain('planned');
    const twice = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '-vv');
    expect(twice.stdout).toContain('[facts] (once): started (attempt 1)');
    expect(twice.stdout).toContain('[facts] (once): planned none');
  });

  it('takes --no-color before or after the command, and drops the colors a terminal would get', async () => {
    const outputs: string[] = [];
    const io = (): CliIo => {
      const stdout = { write: (text: string) => void outputs.push(text), isTTY: true, columns: 100 };
      const env = { RUNBOOK_STATE_DIR: join(dir.path, '.runbook') };
      return { stdout, stderr: { write: () => undefined, isTTY: true }, isInteractive: false, env, cwd: dir.path };
    };
    // -v keeps a terminal in line mode (no live tree in a test); the summary is what gets colors.
    expect(await main(['node', 'runbook', 'exec', 'local.yaml', '-i', 'inventory.yaml', '-v'], io())).toBe(0);
    expect(outputs.join('')).toContain('\u001b[');
    outputs.length = 0;
    expect(
      await main(['node', 'runbook', '--no-color', 'exec', 'local.yaml', '-i', 'inventory.yaml', '-v'], io())
    ).toBe(0);
    expect(
      await main(['node', 'runbook', 'exec', 'local.yaml', '-i', 'inventory.yaml', '-v', '--no-color'], io())
    ).toBe(0);
    expect(outputs.join('')).not.toContain('\u001b[');
  });

  it('lists steps, tags and hosts without running anything (-t and -l apply)', async () => {
    const steps = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '--list-steps', '-t', 'work');
    expect(steps).toMatchObject({ code: 0, stderr: '' });
    expect(steps.stdout).toContain('runbook "local habits" (local.yaml): 2 of 3 steps selected');
    expect(steps.stdout).toMatch(/ 1\. +per-host +echo +all +\[work\]\n/);
    const tags = await run('plan', 'local.yaml', '-i', 'inventory.yaml', '--list-tags');
    expect(tags.stdout).toContain('tags:\n  checks: 1 step selected\n  work: 2 steps selected\n');
    const hosts = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '--list-hosts', '-l', 'site:primary');
    expect(hosts.stdout).toMatch(/ per-host: +kvm-a1, kvm-a2\n/);
    expect(hosts.stdout).toContain('hosts (2): kvm-a1, kvm-a2\n');
    expect(journalsOf(dir)).toEqual([]);
  });

  it('warns about a tag no step has, naming the known ones', async () => {
    const result = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '--tags', 'chekcs');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe(
      'warning: --tags chekcs: no step of this runbook has that tag (did you mean checks?) (known tags: checks, work)\n'
    );
  });

  it('refuses a --start-at that skips a register a later step reads, and runs once -e supplies it', async () => {
    const refused = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '--start-at', 'uses-facts');
    expect(refused.code).toBe(ExitCode.USAGE);
    expect(refused.stderr).toContain(
      '--start-at uses-facts skips steps whose registered results the steps it runs read: "facts" (set by facts, read by uses-facts)'
    );
    expect(refused.stderr).toContain(`supply them with -e '{"facts": …}'`);
    expect(journalsOf(dir)).toEqual([]);
    const supplied = await run(
      'exec',
      'local.yaml',
      '-i',
      'inventory.yaml',
      '--start-at',
      'uses-facts',
      '-e',
      '{"facts": {"msg": "given"}}'
    );
    expect(supplied.code).toBe(ExitCode.OK);
    expect(supplied.stdout).toContain('[uses-facts] (once) | given again');
  });

  it('says where the step ids are listed when --start-at names none', async () => {
    const result = await run('exec', 'local.yaml', '-i', 'inventory.yaml', '--start-at', 'nope');
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('runbook exec FILE --list-steps');
  });
});

const FILES = `name: files
steps:
  - id: conf
    hosts: engine
    ssh.template:
      dest: /root/app.conf
      template: |
        [app]
        {% for k in keys %}
        {{ k }}={{ loop.index }}
        {% endfor %}
  - id: secret
    hosts: engine
    no_log: true
    ssh.copy: { dest: /root/secret.txt, content: "{{ private_note }}\\n" }
`;

describe('file diffs and past-tense notes on the lab', () => {
  let dir: TestDir;
  beforeAll(() => {
    dir = testdir({ 'files.yaml': FILES });
  });
  afterAll(() => dir.cleanup());
  const run = (...args: string[]) =>
    runCli(['exec', 'files.yaml', '-i', resolve('inventories/lab.yaml'), ...args], {
      cwd: dir.path,
      env: { [LAB_FREE_PORTS_ENV]: '1' },
    });

  it('shows a new file as a diff in a dry run, never for a no_log step, and keeps diffs out of the journal', async () => {
    const result = await run('--check', '-e', 'keys=[a, b]', '-e', 'private_note=hunter2');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain(
      '--- /root/app.conf (on engine)\n+++ /root/app.conf (planned)\n@@ -0,0 +1,3 @@\n+[app]\n+a=1\n+b=2\n'
    );
    expect(result.stdout).toMatch(
      /\[secret\] engine: changed \(\d+ms\) {2}\/root\/secret\.txt: \(none\) -> sha256:\w+ \(would create \/root\/secret\.txt\)\n==|\n\n/
    );
    expect(result.stdout).not.toContain('hunter2');
    expect(journalsOf(dir).join('')).not.toContain('+a=1');
  });

  it('applies with past-tense notes, then shows only what changes with --diff', async () => {
    const applied = await run('-e', 'keys=[a, b]', '-e', 'private_note=hunter2');
    expect(applied.code).toBe(ExitCode.OK);
    expect(applied.stdout).toContain('(created /root/app.conf)');
    expect(applied.stdout).not.toContain('would create');
    expect(applied.stdout).not.toContain('+[app]');
    const changed = await run('-D', '-e', 'keys=[a, c]', '-e', 'private_note=hunter3');
    expect(changed.stdout).toContain('@@ -1,3 +1,3 @@\n [app]\n a=1\n-b=2\n+c=2\n');
    expect(changed.stdout).not.toMatch(/hunter[23]/);
  });
});

describe('runbook validate on a file written for another runbook directory', () => {
  it('takes -e @file too', async () => {
    const dir = testdir({ 'r.yaml': 'name: r\nsteps:\n  - { id: a, echo: { msg: "{{ x }}" } }\n', 'v.yml': 'x: 1\n' });
    const result = await runCli(['validate', 'r.yaml', '-e', '@v.yml'], { cwd: dir.path });
    expect(result.code).toBe(ExitCode.OK);
    writeFileSync(dir.file('v.yml'), 'y: 1\n');
    expect((await runCli(['validate', 'r.yaml', '-e', '@v.yml'], { cwd: dir.path })).code).toBe(ExitCode.INVALID_INPUT);
    dir.cleanup();
  });
});
