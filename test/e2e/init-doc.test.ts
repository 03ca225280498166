/**
 * `runbook init` makes a project that works on its own (its modelines resolve, every file validates, bare names and
 * the default inventory resolve inside it), RUNBOOK_INVENTORY and the config choose the inventory, and
 * `runbook doc` documents every module.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MODULE_GUIDES } from '../../src/cli/module-guide';
import { moduleNames } from '../../src/modules/registry';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(60_000);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : []
  );
}

describe('runbook init', () => {
  let dir: TestDir;
  const project = () => join(dir.path, 'dr');
  beforeAll(async () => {
    dir = testdir({});
    const result = await runCli(['init', 'dr'], { cwd: dir.path });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(result.stdout).toContain('Created a runbook project in dr:');
  });
  afterAll(() => dir.cleanup());

  it('writes the shipped runbooks, the inventories, the schemas, a config and a .gitignore', () => {
    for (const name of readdirSync('runbooks')) {
      expect(readFileSync(join(project(), 'runbooks', name), 'utf8')).toBe(
        readFileSync(join('runbooks', name), 'utf8')
      );
    }
    for (const file of [
      'inventories/lab.yaml',
      'inventories/production.yaml',
      'schemas/runbook.schema.json',
      '.gitignore',
    ]) {
      expect(existsSync(join(project(), file))).toBe(true);
    }
    expect(readFileSync(join(project(), 'runbook.config.yaml'), 'utf8')).toMatch(
      /^inventory: inventories\/lab\.yaml$/m
    );
  });

  it('gives every YAML file a schema modeline that resolves inside the project', () => {
    const files = yamlFiles(project()).filter((file) => !file.endsWith('runbook.config.yaml'));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const target = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
      expect([file, target !== undefined && existsSync(resolve(dirname(file), target))]).toEqual([file, true]);
    }
  });

  it('validates every runbook and inventory it wrote', async () => {
    const files = yamlFiles(project()).filter((file) => !file.endsWith('runbook.config.yaml'));
    const result = await runCli(['validate', ...files], { cwd: project() });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
  });

  it('resolves bare names and the default inventory inside the project, from a subdirectory too', async () => {
    writeFileSync(
      join(project(), 'runbooks', 'mine.yaml'),
      'name: mine\nsteps:\n  - { id: hi, hosts: engine, echo: { msg: hi } }\n'
    );
    const result = await runCli(['exec', 'mine', '--list-hosts'], { cwd: join(project(), 'runbooks') });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(result.stdout).toContain('runbook "mine" (mine.yaml)');
    expect(result.stdout).toContain('hosts (1): engine');
  });

  it('takes the inventory from RUNBOOK_INVENTORY over the config, and -i over both', async () => {
    writeFileSync(
      join(project(), 'runbooks', 'every.yaml'),
      'name: every\nsteps:\n  - { id: hi, hosts: all, echo: { msg: hi } }\n'
    );
    const listHosts = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      runCli(['exec', 'every', '--list-hosts', ...args], { cwd: project(), env });
    // The standalone lab has an engine machine besides the six KVM hosts; the self-hosted lab does not.
    expect((await listHosts({})).stdout).toMatch(/^hosts \(7\): kvm-a1, .*, engine$/m);
    const selfHosted = { RUNBOOK_INVENTORY: 'inventories/lab-self-hosted.yaml' };
    expect((await listHosts(selfHosted)).stdout).toMatch(/^hosts \(6\): kvm-a1, kvm-a2, kvm-a3, kvm-b1/m);
    expect((await runCli(['inventory', 'show'], { cwd: project(), env: selfHosted })).stdout).toContain('self-hosted');
    const missing = await listHosts({ RUNBOOK_INVENTORY: 'nope.yaml' });
    expect(missing.code).toBe(ExitCode.INVALID_INPUT);
    expect(missing.stderr).toContain('nope.yaml');
    expect((await listHosts({ RUNBOOK_INVENTORY: 'nope.yaml' }, '-i', 'inventories/lab.yaml')).code).toBe(ExitCode.OK);
  });

  it('refuses to overwrite a project, listing the files, unless --force', async () => {
    const again = await runCli(['init', 'dr'], { cwd: dir.path });
    expect(again.code).toBe(ExitCode.USAGE);
    expect(again.stderr).toMatch(/runbook init would overwrite runbooks\/dr-drill-site-outage\.yaml, .*\(\d+ in all\)/);
    expect((await runCli(['init', 'dr', '--force'], { cwd: dir.path })).code).toBe(ExitCode.OK);
  });
});

describe('runbook doc', () => {
  it.each(moduleNames())('documents %s: arguments, register, dry run, example', async (name) => {
    const result = await runCli(['doc', name], { cwd: '.' });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    for (const heading of ['Arguments:', 'register receives:', 'In a dry run (--check, runbook plan):', 'Example:']) {
      expect(result.stdout).toContain(`\n${heading}\n`);
    }
    expect(result.stdout).toContain(MODULE_GUIDES[name]?.registers ?? 'no guide');
  });

  it('lists the modules without an argument, and names the module meant for a typo', async () => {
    const list = await runCli(['doc'], { cwd: '.' });
    expect(list.stdout).toMatch(/^Modules \(runbook doc MODULE for one\):\n {2}assert +Fail unless/);
    const typo = await runCli(['doc', 'ssh.comand'], { cwd: '.' });
    expect(typo).toMatchObject({ code: ExitCode.USAGE, stdout: '' });
    expect(typo.stderr).toContain('no module "ssh.comand" (did you mean ssh.command?)');
  });
});
