/**
 * What starting the CLI costs: `--help` and `validate` load only what they need (never the lab, ssh2, axios, the
 * engine or the report), and a closed stdout ends the output quietly. Timings live in `npm run bench -- startup`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
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

  it('compiles no JSON Schema: the validators generated at build time are used (ajv itself is not loaded)', () => {
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
