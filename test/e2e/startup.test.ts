/**
 * What starting the CLI costs: `--help` and `validate` load only what they need (never the lab, ssh2, axios, the
 * engine or the report), the generated validators come from the bundle (each run when first used), and a closed
 * stdout ends the output quietly. Timings live in `npm run bench -- startup`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, buildRootOf, removeBuiltCli } from '../helpers/built-cli';

const ROOT = join(__dirname, '..', '..');
let launcher: string;
let probe: string;

beforeAll(() => {
  launcher = buildCli('startup', { withValidators: true });
  probe = join(buildRootOf(launcher), 'probe.js');
  // Runs a command in-process, then prints the files it loaded (require.cache), relative to the build.
  writeFileSync(
    probe,
    [
      "const { relative } = require('node:path');",
      'const silent = { write() {}, isTTY: false };',
      'const io = { stdout: silent, stderr: silent, isInteractive: false, env: process.env, cwd: process.cwd() };',
      "require('./dist/cli/main.js').main(['node', 'runbook', ...process.argv.slice(2)], io).then((code) => {",
      '  const loaded = Object.keys(require.cache).map((file) => relative(__dirname, file));',
      '  process.stdout.write(JSON.stringify({ code, loaded }));',
      '});',
      '',
    ].join('\n')
  );
}, 60_000);

afterAll(() => removeBuiltCli(launcher));

function loadedBy(args: string[]): { code: number; loaded: string[] } {
  const result = spawnSync(process.execPath, [probe, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { code: number; loaded: string[] };
}

/** The top folders of src/ and the packages a command loaded. */
function partsOf(loaded: readonly string[]): Set<string> {
  return new Set(
    loaded.map((file) => {
      const parts = file.split(sep);
      const packageAt = parts.lastIndexOf('node_modules');
      if (packageAt >= 0) return parts[packageAt + 1] ?? file;
      return parts[0] === 'dist' ? `src/${parts[1]}` : file;
    })
  );
}

const NEVER_AT_START = ['src/lab', 'ssh2', 'axios', 'src/engine', 'src/report', 'src/runs/journal.js'];

describe('starting the CLI', () => {
  it('loads no command implementation for --help', () => {
    const { code, loaded } = loadedBy(['--help']);
    expect(code).toBe(0);
    const parts = partsOf(loaded);
    for (const part of [...NEVER_AT_START, 'src/modules', 'src/runbook', 'src/inventory', 'js-yaml', 'ajv']) {
      expect([part, parts.has(part)]).toEqual([part, false]);
    }
    expect(loaded.filter((file) => file.startsWith(join('dist', 'cli') + sep)).length).toBeLessThan(20);
  });

  it('loads neither the lab, ssh2, axios, the engine nor the report to validate runbooks and an inventory', () => {
    const { code, loaded } = loadedBy([
      'validate',
      'runbooks/install-standalone.yaml',
      'runbooks/dr-drill.yaml',
      '-i',
      'inventories/lab.yaml',
    ]);
    expect(code).toBe(0);
    const parts = partsOf(loaded);
    expect(parts.has('src/runbook')).toBe(true); // it did validate
    for (const part of NEVER_AT_START) expect([part, parts.has(part)]).toEqual([part, false]);
  });

  it('compiles no JSON Schema from dist/ as tsc left it: the generated files are used (ajv itself is not loaded)', () => {
    const { code, loaded } = loadedBy(['validate', 'runbooks/install-standalone.yaml', '-i', 'inventories/lab.yaml']);
    expect(code).toBe(0);
    expect(loaded.filter((file) => file.startsWith(join('dist', 'validators') + sep)).length).toBeGreaterThan(3);
    expect(loaded.filter((file) => file.includes(join('node_modules', 'ajv', 'dist', 'core')))).toEqual([]);
    expect(loaded.filter((file) => file.includes(join('node_modules', 'ajv', 'dist', 'compile')))).toEqual([]);
  });

  it.each(['--help', 'exec --help', 'validate runbooks/install-standalone.yaml'])(
    'ends quietly with exit 0 when the reader of stdout is gone: runbook %s | true',
    (args) => {
      const out = join(buildRootOf(launcher), `pipe-${args.replace(/\W+/g, '-')}`);
      const command = `"${process.execPath}" "${launcher}" ${args} 2>"$ERR"; echo $? >"$RC"`;
      // `true` exits at once, long before node has started: every write of the CLI meets a closed pipe.
      spawnSync('sh', ['-c', `(${command}) | true`], {
        cwd: ROOT,
        env: { ...process.env, ERR: `${out}.err`, RC: `${out}.rc` },
      });
      const rc = readFileSync(`${out}.rc`, 'utf8').trim();
      const stderr = readFileSync(`${out}.err`, 'utf8');
      expect({ rc, stderr }).toEqual({ rc: '0', stderr: '' });
    }
  );

  it('still prints everything when the reader stays', async () => {
    const child = spawn(process.execPath, [launcher, '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes are documented in docs/errors.md.');
  });
});

/** Per function of the bundle that has a name, whether it ran: V8's coverage of one run of the launcher. */
function functionsRunBy(args: string[]): Map<string, boolean> {
  const coverage = join(buildRootOf(launcher), `coverage-${args.join('-').replace(/\W+/g, '-')}`);
  rmSync(coverage, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [launcher, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_V8_COVERAGE: coverage, RUNBOOK_NO_CODE_CACHE: '1' },
  });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  const bundle = join(buildRootOf(launcher), 'dist', 'cli', 'runbook.js');
  const ran = new Map<string, boolean>();
  for (const name of readdirSync(coverage)) {
    const report = JSON.parse(readFileSync(join(coverage, name), 'utf8')) as CoverageReport;
    for (const script of report.result.filter((entry) => entry.url === pathToFileURL(bundle).href)) {
      for (const fn of script.functions.filter((f) => f.functionName !== '')) {
        ran.set(fn.functionName, (ran.get(fn.functionName) ?? false) || (fn.ranges[0]?.count ?? 0) > 0);
      }
    }
  }
  return ran;
}

interface CoverageReport {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** Whether ajv's schema compiler ran (its module is in the bundle, named by its path: `…/ajv/dist/compile/index.js`). */
function hasCompiled(ran: Map<string, boolean>): boolean {
  const compiler = [...ran.keys()].filter((name) => name.endsWith('ajv/dist/compile/index.js'));
  expect(compiler).toHaveLength(1);
  return ran.get(compiler[0]!)!;
}

/** The generated validators' modules in the bundle (esbuild names each module's function by its path). */
function validatorsIn(ran: Map<string, boolean>): { carried: string[]; run: string[] } {
  const carried = [...ran.keys()].filter((name) => name.startsWith('dist/validators/')).sort();
  return { carried, run: carried.filter((name) => ran.get(name)) };
}

describe('the generated validators, carried by the bundle', () => {
  it('are in the bundle, and --help runs none of them', () => {
    const { carried, run } = validatorsIn(functionsRunBy(['--help']));
    expect(carried).toEqual(
      readdirSync(join(buildRootOf(launcher), 'dist', 'validators'))
        .map((name) => `dist/validators/${name}`)
        .sort()
    );
    expect(run).toEqual([]);
  });

  it('run only when a command first validates with them, and no schema is compiled', () => {
    const runbookOnly = functionsRunBy(['validate', 'runbooks/install-standalone.yaml']);
    const { carried, run } = validatorsIn(runbookOnly);
    expect(run).toContain('dist/validators/runbook.check.js');
    expect(run).toContain('dist/validators/module-ssh.command.check.js');
    expect(run).not.toContain('dist/validators/inventory.check.js');
    expect(run.filter((name) => name.endsWith('.coerce.js'))).toEqual([]); // validate renders nothing
    expect(run.length).toBeLessThan(carried.length);
    // ajv's compiler is in the bundle (for a validator that does not match its schema), and never ran
    expect(hasCompiled(runbookOnly)).toBe(false);
    const withInventory = functionsRunBy([
      'validate',
      'runbooks/install-standalone.yaml',
      '-i',
      'inventories/lab.yaml',
    ]);
    expect(validatorsIn(withInventory).run).toContain('dist/validators/inventory.check.js');
    expect(hasCompiled(withInventory)).toBe(false);
  });

  it('are never looked for on disk: validate neither requires nor stats a file under dist/validators', () => {
    const trace = join(buildRootOf(launcher), 'fs-trace.json');
    const hook = join(buildRootOf(launcher), 'fs-trace.js');
    // Records every path the run asks the module loader or fs about; written when the run ends.
    writeFileSync(
      hook,
      [
        "const fs = require('node:fs');",
        "const Module = require('node:module');",
        'const paths = [];',
        "for (const name of ['existsSync', 'statSync', 'readFileSync', 'openSync']) {",
        '  const original = fs[name];',
        '  fs[name] = function (path, ...rest) { paths.push(String(path)); return original.call(this, path, ...rest); };',
        '}',
        'const load = Module._load;',
        'Module._load = function (request, ...rest) { paths.push(request); return load.call(this, request, ...rest); };',
        "process.on('exit', () => fs.writeFileSync(process.env.TRACE, JSON.stringify(paths)));",
        '',
      ].join('\n')
    );
    const args = ['validate', 'runbooks/install-standalone.yaml', '-i', 'inventories/lab.yaml'];
    const result = spawnSync(process.execPath, ['--require', hook, launcher, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TRACE: trace, RUNBOOK_NO_CODE_CACHE: '1' },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const paths = JSON.parse(readFileSync(trace, 'utf8')) as string[];
    expect(paths.filter((path) => path.endsWith(join('inventories', 'lab.yaml')))).not.toEqual([]); // it traced
    expect(paths.filter((path) => path.includes('validators'))).toEqual([]);
  });
});

describe("V8's code cache of the bundle (bin/runbook.js)", () => {
  let cacheDir: string;
  let userCache: string;
  beforeEach(() => {
    cacheDir = join(buildRootOf(launcher), 'dist', 'cli', '.cache');
    userCache = join(buildRootOf(launcher), 'user-cache');
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(userCache, { recursive: true, force: true });
  });

  function runVersion(env: NodeJS.ProcessEnv = {}): void {
    const result = spawnSync(process.execPath, [launcher, '--version'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: userCache, ...env },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }

  function cacheFiles(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  }

  it('is written by the first run, next to the bundle, then loaded as it is', () => {
    runVersion();
    const [file, ...others] = cacheFiles(cacheDir);
    expect(others).toEqual([]);
    expect(file).toMatch(new RegExp(`runbook-[0-9a-f]{16}-${process.version}-${process.arch}-default\\.v8cache$`));
    const first = readFileSync(file!);
    expect(first.length).toBeGreaterThan(10_000);
    runVersion();
    expect(readFileSync(file!).equals(first)).toBe(true); // accepted: not written again
  });

  it('is one per command: a run of another command neither uses nor rewrites it', () => {
    runVersion();
    const [help] = cacheFiles(cacheDir);
    const before = readFileSync(help!);
    const validate = spawnSync(process.execPath, [launcher, 'validate', 'runbooks/install-standalone.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: userCache },
    });
    expect(validate.status).toBe(0);
    const names = cacheFiles(cacheDir).map((file) => file.replace(/.*-/, ''));
    expect(names.sort()).toEqual(['default.v8cache', 'validate.v8cache']);
    expect(readFileSync(help!).equals(before)).toBe(true);
  });

  it('is replaced when V8 refuses it (a cache of another build, or damaged), and the command still works', () => {
    runVersion();
    const [file] = cacheFiles(cacheDir);
    writeFileSync(file!, Buffer.alloc(4096, 7));
    runVersion();
    const rewritten = readFileSync(file!);
    expect(rewritten.length).toBeGreaterThan(10_000);
    expect(rewritten.equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it("goes to the user's cache folder when the bundle's folder takes no file, and is off with RUNBOOK_NO_CODE_CACHE=1", () => {
    writeFileSync(cacheDir, 'not a folder'); // no folder can be made there
    runVersion();
    expect(cacheFiles(join(userCache, 'runbook'))).toHaveLength(1);
    rmSync(cacheDir);
    rmSync(userCache, { recursive: true, force: true });
    runVersion({ RUNBOOK_NO_CODE_CACHE: '1' });
    expect([...cacheFiles(cacheDir), ...cacheFiles(join(userCache, 'runbook'))]).toEqual([]);
  });
});
