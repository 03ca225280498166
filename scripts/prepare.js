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
const { existsSync, lstatSync, mkdirSync, realpathSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** The tools bin/build.js runs (TypeScript, esbuild): the ones in this checkout's node_modules. */
function hasBuildTools() {
  return ['typescript/bin/tsc', 'esbuild/lib/main.js'].every((tool) => existsSync(join(root, 'node_modules', tool)));
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installBuildTools() {
  const npm = process.env.npm_execpath;
  if (!npm || !existsSync(join(root, 'package-lock.json'))) {
    console.error('runbook: the build tools are missing and npm is not running this script: run `npm ci` first');
    process.exit(1);
  }
  console.error('runbook: installing the pinned build tools (TypeScript, esbuild) to build dist/');
  const env = { ...process.env, npm_config_global: 'false', npm_config_location: 'project' };
  // What the outer global install was told does not apply to this one in the clone (npm refuses --allow-scripts in
  // a project install; it runs no scripts anyway).
  delete env.npm_config_prefix;
  delete env.npm_config_allow_scripts;
  run(process.execPath, [npm, 'ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
}

/** Whether `path` is a symbolic link that leads into `folder`. */
function isLinkInto(path, folder) {
  try {
    return lstatSync(path).isSymbolicLink() && realpathSync(path).startsWith(realpathSync(folder));
  } catch {
    return false;
  }
}

/**
 * `npm install -g git+URL`: npm clones the repository and runs `npm install` in the clone to prepare it, and the
 * outer install's `global` setting leaks into that one (npm_config_global=true, npm_command=install). A global
 * install with no package named installs the current folder, so it links the clone into the global prefix
 * (lib/node_modules/runbook and bin/runbook). npm then extracts the prepared package through that link, into the
 * clone it deletes right after: the install "succeeds" and leaves a dangling link (npm/cli#3692, #6984). Once built,
 * this puts back the empty folder the outer install made for the package and removes the command's link, so the
 * outer install extracts the package and links its command itself.
 */
function unlinkCloneFromGlobalPrefix() {
  const prefix = process.env.npm_config_global_prefix || process.env.npm_config_prefix;
  if (process.env.npm_config_global !== 'true' || process.env.npm_command !== 'install' || !prefix) return;
  const name = process.env.npm_package_name || 'runbook';
  const command = join(prefix, 'bin', 'runbook');
  const folder = join(prefix, 'lib', 'node_modules', name);
  if (isLinkInto(command, root)) rmSync(command); // first: it leads into the clone through the folder's link
  if (!isLinkInto(folder, root)) return;
  rmSync(folder);
  mkdirSync(folder); // the outer install is about to extract the package here
}

const isPrepack = process.argv.includes('--clean');
if (!hasBuildTools()) installBuildTools();
if (isPrepack) rmSync(join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, [join(root, 'bin', 'build.js'), ...(isPrepack ? [] : ['--if-stale'])]);
unlinkCloneFromGlobalPrefix();
