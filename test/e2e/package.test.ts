/**
 * The package as an admin gets it: `npm pack` of a copy of the project (prepack builds a clean dist/ with
 * TypeScript), the tarball's contents, `npm install -g` of it into a temporary prefix from npm's cache alone
 * (`--offline`: no network; CI caches the dependencies' registry documents, .ci/run), then, in an empty directory,
 * the installed `runbook init` and `runbook exec install-standalone.yaml` on the embedded lab.
 *
 * From git: `npm install -g git+URL` itself fails on npm 11 (after preparing the package, npm cannot find the
 * commands of the dependencies nested under it: npm/cli#3692, #6984), so the README's way
 * from git is `npm pack git+URL` (npm clones, installs the build tools from the lockfile and runs `prepare`, which
 * builds dist/) and then `npm install -g` of that tarball. The second describe does exactly that from a git
 * repository of the same sources, offline.
 *
 * `--ignore-scripts`: the only install scripts are those of ssh2's optional native add-ons (faster crypto, built
 * with node-gyp); runbook must work without them, and this proves it does.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..', '..');
/** Not copied: what npm and the build make, and the state of runs. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'coverage', '.runbook']);

/** The environment without what `npm test` exports (npm_config_*), which would steer the inner npm. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function expectSuccess(result: SpawnSyncReturns<string>, what: string): void {
  expect([what, result.status, result.status === 0 ? '' : `${result.stdout}\n${result.stderr}`]).toEqual([what, 0, '']);
}

function listTarball(tarball: string): string[] {
  return run('tar', ['tzf', tarball], '/').stdout.split('\n').filter(Boolean).sort();
}

/** A copy of the project's sources (what git tracks: .gitignore applies), without node_modules or dist. */
function copySources(to: string): void {
  mkdirSync(to);
  for (const name of readdirSync(ROOT).filter((n) => !SKIPPED.has(n))) {
    cpSync(join(ROOT, name), join(to, name), { recursive: true });
  }
}

function installGlobally(tarball: string, prefix: string, cwd: string): string {
  const installed = run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
    cwd
  );
  expectSuccess(installed, 'npm install --global --offline');
  return join(prefix, 'bin', 'runbook');
}

describe('the npm package', () => {
  let dir: TestDir;
  let tarball: string;
  let runbook: string;
  beforeAll(() => {
    dir = testdir({});
    const copy = join(dir.path, 'checkout');
    copySources(copy);
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const packed = run('npm', ['pack', '--pack-destination', dir.path], copy);
    expectSuccess(packed, 'npm pack');
    tarball = join(dir.path, packed.stdout.trim().split('\n').pop() ?? '');
    runbook = installGlobally(tarball, join(dir.path, 'prefix'), dir.path);
  });
  afterAll(() => dir.cleanup());

  it('holds the built CLI, the runbooks, inventories, schemas, docs and a LICENSE; no tests, bench, CI or maps', () => {
    const files = listTarball(tarball);
    for (const file of [
      'package/bin/runbook.js',
      'package/dist/cli/main.js',
      'package/dist/cli/last-resort.js',
      'package/runbooks/install-standalone.yaml',
      'package/inventories/lab.yaml',
      'package/schemas/runbook.schema.json',
      'package/docs/ansible.md',
      'package/LICENSE',
    ]) {
      expect(files).toContain(file);
    }
    const unwanted = files.filter((f) => /^package\/(test|bench|\.ci|src|scripts)\/|\.map$|\.ts$/.test(f));
    expect(unwanted).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('installs a runbook that makes a project in an empty directory and installs the lab from there', () => {
    const project = join(dir.path, 'dr');
    const init = run(runbook, ['init', project], dir.path);
    expectSuccess(init, 'runbook init');
    expect(init.stdout).toContain('Created a runbook project in');
    expect(existsSync(join(project, 'runbook.config.yaml'))).toBe(true);
    const exec = run(runbook, ['exec', 'install-standalone.yaml'], project, cleanEnv({ [LAB_FREE_PORTS_ENV]: '1' }));
    expectSuccess(exec, 'runbook exec install-standalone.yaml');
    expect(exec.stdout).toMatch(/^lab: started in this process for the run/m);
    expect(readdirSync(join(project, '.runbook', 'runs'))).toHaveLength(1);
  });
});

describe('the npm package built from git', () => {
  let dir: TestDir;
  let tarball: string;
  let runbook: string;
  beforeAll(() => {
    dir = testdir({});
    const repo = join(dir.path, 'repo');
    copySources(repo);
    const git = (...args: string[]) => expectSuccess(run('git', args, repo), `git ${args[0]}`);
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=runbook test', '-c', 'user.email=test@runbook.invalid', 'commit', '-q', '-m', 'sources');
    const packs = join(dir.path, 'packs');
    mkdirSync(packs);
    const packed = run('npm', ['pack', '--offline', `git+file://${repo}`], packs);
    expectSuccess(packed, 'npm pack git+file://');
    tarball = join(packs, packed.stdout.trim().split('\n').pop() ?? '');
    runbook = installGlobally(tarball, join(dir.path, 'prefix'), dir.path);
  });
  afterAll(() => dir.cleanup());

  it("is built in npm's clone from the committed sources alone: dist/, no tests, bench, CI or maps", () => {
    const files = listTarball(tarball);
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/cli/last-resort.js');
    expect(files).toContain('package/runbooks/install-standalone.yaml');
    expect(files.filter((f) => /^package\/(test|bench|\.ci|src|scripts)\/|\.map$|\.ts$/.test(f))).toEqual([]);
    expect(existsSync(join(dir.path, 'repo', 'dist'))).toBe(false);
  });

  it('installs a runbook that makes a project and validates the shipped install there', () => {
    const version = run(runbook, ['--version'], dir.path);
    expectSuccess(version, 'runbook --version');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const project = join(dir.path, 'dr');
    expectSuccess(run(runbook, ['init', project], dir.path), 'runbook init');
    const validate = run(runbook, ['validate', 'install-standalone.yaml'], project);
    expectSuccess(validate, 'runbook validate install-standalone.yaml');
  });
});
