#!/usr/bin/env node
'use strict';
// `npm run build`: compile src/ into dist/ (tsc), generate the JSON Schema validators (dist/validators/, ajv
// standalone code: no command compiles a schema when it starts), bundle the CLI, its libraries and the validators into
// dist/cli/runbook.js (scripts/bundle.js: what bin/runbook.js runs and the package ships), and record what was built
// in dist/.build-stamp.
// `--if-stale` (npm's `prepare`, which `npm ci` and `npx runbook` run, and the benchmarks) builds only when src/,
// the lockfile or the TypeScript settings changed since the stamp was written: a built checkout is not rebuilt.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { bundle } = require('../scripts/bundle.js');

const root = join(__dirname, '..');
const stampPath = join(root, 'dist', '.build-stamp');
const INPUTS = [
  'src',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'bin/build.js',
  'scripts/bundle.js',
];

function listFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => listFiles(join(path, name)));
}

/** One digest of every input file, by path and content. */
function digestInputs() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const path = join(root, input);
    for (const file of existsSync(path) ? listFiles(path) : []) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

function isFresh(digest) {
  const isBuilt = ['cli/main.js', 'cli/runbook.js', 'validators'].every((path) => existsSync(join(root, 'dist', path)));
  return isBuilt && existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === digest;
}

function build() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  execFileSync(process.execPath, [join(root, 'dist', 'cli', 'build-validators.js')], { stdio: 'inherit', cwd: root });
  bundle(root);
}

const digest = digestInputs();
if (process.argv.includes('--if-stale') && isFresh(digest)) process.exit(0);
build();
writeFileSync(stampPath, `${digest}\n`);
