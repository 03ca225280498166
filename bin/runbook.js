#!/usr/bin/env node
'use strict';
/**
 * `runbook`: runs dist/cli/runbook.js, the CLI and its libraries in one file (scripts/bundle.js), through V8's code
 * cache: the first run of a build saves the code V8 compiled, later runs load it instead of compiling again (what
 * Node 22's `module.enableCompileCache` does; Node 20 has no such thing). The cache is keyed by the bundle's
 * content (a digest the build wrote on its first line), Node's version, the CPU and the command (each caches what
 * it compiled); V8 refuses a cache of another V8 or other flags and the bundle is then compiled as usual. It is
 * kept next to the bundle, or in the user's cache folder when that is not writable (a global install run by
 * another user); never anywhere shared.
 */
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli', 'runbook.js');

function readBundle() {
  try {
    return readFileSync(BUNDLE, 'utf8');
  } catch (error) {
    const hint = error.code === 'ENOENT' ? ' is missing: run `npm run build` in the checkout' : `: ${error.message}`;
    process.stderr.write(`runbook: ${BUNDLE}${hint}\n`);
    process.exit(70);
  }
}

/**
 * The command this run is (`validate`, `exec`, …; `default` for options alone): V8 caches the functions a run
 * compiled, so each command keeps its own cache, which a run of another command would leave without its code.
 */
function commandOf(argv) {
  const first = argv[2];
  return first !== undefined && /^[a-z][a-z-]{0,30}$/.test(first) ? first : 'default';
}

/** Where a code cache of this bundle and command may be: next to it, then in the user's cache folder. */
function cacheFilesOf(source) {
  const build = /^\/\/ runbook build ([0-9a-f]{16,})/.exec(source);
  if (build === null || process.env.RUNBOOK_NO_CODE_CACHE === '1') return [];
  const name = `runbook-${build[1].slice(0, 16)}-${process.version}-${process.arch}-${commandOf(process.argv)}.v8cache`;
  const userCache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [join(dirname(BUNDLE), '.cache', name), join(userCache, 'runbook', name)];
}

function readCache(files) {
  for (const file of files) {
    try {
      return readFileSync(file);
    } catch {
      // not there: the next place, or compile
    }
  }
  return undefined;
}

/** Saves what V8 compiled during this run, atomically, in the first place that takes it. */
function writeCache(script, files) {
  const data = script.createCachedData();
  for (const file of files) {
    const partial = `${file}.${process.pid}.partial`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(partial, data);
      renameSync(partial, file);
      return;
    } catch {
      // read-only or not ours: the next place, or no cache
    }
  }
}

function loadBundle() {
  const source = readBundle();
  const cacheFiles = cacheFilesOf(source);
  const cachedData = readCache(cacheFiles);
  const script = new Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = Module._nodeModulePaths(dirname(BUNDLE));
  const run = script.runInThisContext();
  run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE));
  bundle.loaded = true;
  if (cacheFiles.length > 0 && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', () => writeCache(script, cacheFiles));
  }
  return bundle.exports;
}

const cli = loadBundle();
cli.installLastResortHandlers();
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
