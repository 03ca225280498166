/**
 * The CLI as a separate process, for tests that must kill it (SIGKILL cannot be tested in-process), built as the
 * package ships it: src/ is transpiled (no type check: CI type-checks apart) into node_modules/.cache/runbook-e2e
 * once per test file, then bundled with its libraries by scripts/bundle.js and started by a copy of bin/runbook.js
 * (V8's code cache included). It takes a second or two, and the tests never run a stale dist/.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

interface Bundler {
  bundleCli(root: string): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own script (JavaScript, not in src/)
const bundler = require(join(ROOT, 'scripts', 'bundle.js')) as Bundler;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]
  );
}

/**
 * Transpiles and bundles src/ into a private directory; returns the path of its bin/runbook.js. With
 * `withValidators` it also generates the JSON Schema validators as `npm run build` does (dist/validators/), which
 * the bundle then carries.
 */
export function buildCli(name: string, build: { withValidators?: boolean } = {}): string {
  const out = join(ROOT, 'node_modules', '.cache', `runbook-e2e-${name}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  for (const file of listFiles(join(ROOT, 'src'))) {
    const target = join(out, 'dist', relative(join(ROOT, 'src'), file));
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      copyFileSync(file, target);
      continue;
    }
    const output = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    writeFileSync(target.replace(/\.ts$/, '.js'), output.outputText);
  }
  copyFileSync(join(ROOT, 'package.json'), join(out, 'package.json'));
  if (build.withValidators) {
    execFileSync(process.execPath, [join(out, 'dist', 'cli', 'build-validators.js')], { stdio: 'ignore' });
  }
  bundler.bundleCli(out);
  const launcher = join(out, 'bin', 'runbook.js');
  mkdirSync(dirname(launcher));
  copyFileSync(join(ROOT, 'bin', 'runbook.js'), launcher);
  return launcher;
}

/** The folder a build of buildCli lives in (its dist/, bin/ and package.json). */
export function buildRootOf(launcher: string): string {
  return dirname(dirname(launcher));
}

/**
 * The transpiled CLI with the `bin/runbook` it puts on the PATH of local commands (a drill's `runbook lab fail`
 * then runs this build, as it would under npx or a global install).
 */
export function buildCliWithBin(name: string): string {
  const launcher = buildCli(name);
  const bin = dirname(launcher);
  writeFileSync(join(bin, 'runbook'), `#!/bin/sh\nexec "${process.execPath}" "${launcher}" "$@"\n`);
  chmodSync(join(bin, 'runbook'), 0o755);
  return launcher;
}

export function removeBuiltCli(launcher: string): void {
  rmSync(buildRootOf(launcher), { recursive: true, force: true });
}

export interface CliProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnCliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Called with every stdout line as it arrives, and the child (to kill it at a chosen point: killGroup). */
  onLine?: (line: string, child: ChildProcess) => void;
  /**
   * Called with the child as soon as it is spawned: to kill it at a moment of its own (a file it created), which
   * may come before the test has read any of its output (a loaded machine reads the pipe late).
   */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * SIGKILL the CLI and every process it started, as a power cut would. The CLI runs as the leader of its own
 * process group, so commands it spawned die with it instead of finishing on their own later.
 */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

export function spawnCli(launcher: string, args: string[], options: SpawnCliOptions): Promise<CliProcessResult> {
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd: options.cwd,
    env: {
      ...process.env,
      RUNBOOK_STATE_DIR: join(options.cwd, '.runbook'),
      RUNBOOK_LOCK_DIR: join(options.cwd, '.locks'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      killGroup(child); // a CLI that killed itself leaves its running commands behind: end them too
      resolve({ code, signal, stdout, stderr });
    });
  });
}
