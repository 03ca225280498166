#!/usr/bin/env node
'use strict';
/**
 * `npm run bench -- NAME [options]`: builds the project (dist/), then runs bench/NAME.ts, transpiled in memory
 * with the project's TypeScript (the orchestrator is not what is measured; contenders run as child processes).
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

function registerTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const file = name && join(__dirname, `${name}.ts`);
  if (!file || !existsSync(file)) {
    console.error(`usage: npm run bench -- NAME [options]   (NAME: a file bench/NAME.ts)`);
    process.exitCode = 2;
    return;
  }
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  registerTypeScript();
  const code = await require(file).main(args);
  process.exitCode = typeof code === 'number' ? code : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
