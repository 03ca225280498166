#!/usr/bin/env node
'use strict';
/**
 * `npm run prepare` (npm runs it after `npm ci` in a checkout, and when it installs runbook from git) and
 * `prepack` (`--clean`, before `npm pack`): builds dist/ with bin/build.js (TypeScript, then the precompiled
 * schema validators; `prepare` only when the sources changed since the last build, `prepack` from an empty dist/
 * so no file of a removed source ships). npm installs a git dependency's devDependencies before `prepare`, except
 * in a global install (`npm i -g git+https://…`), whose `npm_config_global=true` leaks into that inner install so
 * nothing lands in the clone and `tsc` is not found. Then this script installs the pinned build tools itself,
 * from the committed lockfile, into the clone (never globally), and builds. A tarball from `npm pack` carries
 * dist/ and runs no build at all.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** The TypeScript bin/build.js runs: the one in this checkout's node_modules. */
function hasTypeScript() {
  return existsSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc'));
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installBuildTools() {
  const npm = process.env.npm_execpath;
  if (!npm || !existsSync(join(root, 'package-lock.json'))) {
    console.error('runbook: TypeScript is missing and npm is not running this script: run `npm ci` first');
    process.exit(1);
  }
  console.error('runbook: installing the pinned build tools (TypeScript and type definitions) to build dist/');
  const env = { ...process.env, npm_config_global: 'false', npm_config_location: 'project' };
  delete env.npm_config_prefix;
  run(process.execPath, [npm, 'ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
}

const isPrepack = process.argv.includes('--clean');
if (!hasTypeScript()) installBuildTools();
if (isPrepack) rmSync(join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, [join(root, 'bin', 'build.js'), ...(isPrepack ? [] : ['--if-stale'])]);
