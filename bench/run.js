#!/usr/bin/env node
'use strict';
// `npm run bench -- <name> [args]`: compiles src and bench/ (tsconfig.bench.json) into dist/bench, then runs
// dist/bench/bench/<name>.js with the remaining arguments.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none'})`);
  process.exit(2);
}
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.bench.json')],
  {
    stdio: 'inherit',
  }
);
const script = join(root, 'dist', 'bench', 'bench', `${name}.js`);
if (!existsSync(script)) {
  console.error(`compiled benchmark not found: ${script}`);
  process.exit(2);
}
execFileSync(process.execPath, ['--expose-gc', script, ...args], { stdio: 'inherit', cwd: root });
