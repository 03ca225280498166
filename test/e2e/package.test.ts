/**
 * The package as an admin gets it: `npm pack` of a copy of the project (prepack builds a clean dist/: TypeScript,
 * then one bundle of the CLI and its libraries, scripts/bundle.js), the tarball's contents, `npm install -g` of it
 * into a temporary prefix from npm's cache alone (`--offline`: no network), then, in an empty directory, the
 * installed `runbook init` and `runbook exec install-standalone.yaml` on the embedded lab.
 *
 * From git: `npm install -g git+URL`, offline, from a git repository of the same sources: npm clones it, runs
 * `prepare` there (scripts/prepare.js installs the build tools from the lockfile, out of the cache `npm ci` filled,
 * and builds), packs and installs it. The package has no dependencies (they are bundled), so nothing is extracted
 * beside it: with dependencies, npm 11 wipes them while it extracts the package (npm/cli#3692, #6984).
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

// Each describe builds and installs the package (the git one runs `npm ci` of the build tools and a build in npm's clone):
// 115 s in a fresh-clone CI run, up to 400 s seen beside two CPU hogs.
jest.setTimeout(900_000);

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

/** `npm install --global` of a tarball or a git URL into `prefix`; returns the installed `runbook`. */
function installGlobally(spec: string, prefix: string, cwd: string): string {
  const installed = run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', spec],
    cwd
  );
  expectSuccess(installed, `npm install --global --offline ${spec}`);
  return join(prefix, 'bin', 'runbook');
}

/** Where a global install into `prefix` puts the package. */
function installedFolder(prefix: string): string {
  return join(prefix, 'lib', 'node_modules', 'runbook');
}

/** Files of the installed package, relative to its folder. */
function listInstalled(prefix: string): string[] {
  const folder = installedFolder(prefix);
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Only the bundle (which carries the generated validators) and the notices of dist/ ship; nothing of tests, sources
 * or maps.
 */
function expectShippedOnly(files: readonly string[]): void {
  expect(files).toContain('bin/runbook.js');
  expect(files).toContain('dist/cli/runbook.js');
  expect(files).toContain('dist/THIRD-PARTY-NOTICES');
  expect(files).toContain('runbooks/install-standalone.yaml');
  expect(files).toContain('LICENSE');
  const dist = files.filter((file) => file.startsWith('dist/'));
  expect(dist).toEqual(['dist/THIRD-PARTY-NOTICES', 'dist/cli/runbook.js']);
  expect(files.filter((f) => /^(test|bench|\.ci|src|scripts|node_modules)\/|\.map$|\.ts$/.test(f))).toEqual([]);
}

describe('the npm package', () => {
  let dir: TestDir;
  let tarball: string;
  let prefix: string;
  let runbook: string;
  beforeAll(() => {
    dir = testdir({});
    prefix = join(dir.path, 'prefix');
    const copy = join(dir.path, 'checkout');
    copySources(copy);
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const packed = run('npm', ['pack', '--pack-destination', dir.path], copy);
    expectSuccess(packed, 'npm pack');
    tarball = join(dir.path, packed.stdout.trim().split('\n').pop() ?? '');
    runbook = installGlobally(tarball, prefix, dir.path);
  });
  afterAll(() => dir.cleanup());

  it('holds the bundled CLI, the runbooks, inventories, schemas, docs and licenses; no tests, bench, CI or maps', () => {
    const files = listTarball(tarball).map((file) => file.replace(/^package\//, ''));
    expectShippedOnly(files);
    for (const file of ['inventories/lab.yaml', 'schemas/runbook.schema.json', 'docs/ansible.md']) {
      expect(files).toContain(file);
    }
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
    const notices = readFileSync(join(installedFolder(prefix), 'dist', 'THIRD-PARTY-NOTICES'), 'utf8');
    for (const bundled of ['ssh2', 'js-yaml', 'axios', 'ajv', 'listr2', 'pg']) {
      expect(notices).toMatch(new RegExp(`^## ${bundled} \\d+\\.\\d+\\.\\d+ \\((MIT|ISC|BSD-3-Clause)\\)$`, 'm'));
    }
  });

  it('installs no dependency: the libraries are in the bundle', () => {
    const manifest = JSON.parse(readFileSync(join(installedFolder(prefix), 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(join(installedFolder(prefix), 'node_modules'))).toBe(false);
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
    // Each command's first run saved V8's code cache next to the bundle (the prefix is this user's).
    const cache = join(installedFolder(prefix), 'dist', 'cli', '.cache');
    const commands = readdirSync(cache).map((file) => /-([a-z-]+)\.v8cache$/.exec(file)?.[1]);
    expect(commands.sort()).toEqual(['exec', 'init']);
  });
});

describe('the npm package installed from git', () => {
  let dir: TestDir;
  let prefix: string;
  let runbook: string;
  beforeAll(() => {
    dir = testdir({});
    prefix = join(dir.path, 'prefix');
    const repo = join(dir.path, 'repo');
    copySources(repo);
    const git = (...args: string[]) => expectSuccess(run('git', args, repo), `git ${args[0]}`);
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=runbook test', '-c', 'user.email=test@runbook.invalid', 'commit', '-q', '-m', 'sources');
    runbook = installGlobally(`git+file://${repo}`, prefix, dir.path);
  });
  afterAll(() => dir.cleanup());

  it("is built in npm's clone from the committed sources alone: the bundle, no tests, bench, CI or maps", () => {
    expectShippedOnly(listInstalled(prefix));
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
