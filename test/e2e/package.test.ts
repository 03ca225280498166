/**
 * The package as an admin gets it: `npm pack` of a copy of the project (prepack builds a clean dist/ with
 * TypeScript), the tarball's contents, `npm install -g` of it into a temporary prefix from npm's cache alone
 * (`--offline`: no network; CI caches the dependencies' registry documents, .ci/run), then, in an empty directory,
 * the installed `runbook init` and `runbook exec install-standalone.yaml` on the embedded lab.
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

describe('the npm package', () => {
  let dir: TestDir;
  let tarball: string;
  let runbook: string;
  beforeAll(() => {
    dir = testdir({});
    const copy = join(dir.path, 'checkout');
    mkdirSync(copy);
    for (const name of readdirSync(ROOT).filter((n) => !SKIPPED.has(n))) {
      cpSync(join(ROOT, name), join(copy, name), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const packed = run('npm', ['pack', '--pack-destination', dir.path], copy);
    expectSuccess(packed, 'npm pack');
    tarball = join(dir.path, packed.stdout.trim().split('\n').pop() ?? '');
    const prefix = join(dir.path, 'prefix');
    const installed = run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
      dir.path
    );
    expectSuccess(installed, 'npm install --global --offline');
    runbook = join(prefix, 'bin', 'runbook');
  });
  afterAll(() => dir.cleanup());

  it('holds the built CLI, the runbooks, inventories, schemas, docs and a LICENSE; no tests, bench, CI or maps', () => {
    const files = run('tar', ['tzf', tarball], dir.path).stdout.split('\n').filter(Boolean);
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
