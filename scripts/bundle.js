'use strict';
/**
 * The package's runtime, made by bin/build.js after tsc: `dist/cli/runbook.js`, one file holding the CLI (tsc's
 * CommonJS output in dist/) and every library it loads, bundled by esbuild; the generated JSON Schema validators
 * (dist/validators/) made self-contained the same way; and `dist/THIRD-PARTY-NOTICES`, the license of every package
 * the bundle carries. So an installed runbook depends on nothing npm must install next to it:
 * - `npm i -g git+https://…` works (npm 11 extracts a git package and its dependencies at once, and the package's
 *   extraction empties the folder the dependencies went into: npm/cli#3692, #6984);
 * - a command reads one file instead of resolving and reading ~200 modules (bin/runbook.js adds V8's code cache).
 * Each module keeps its own scope and runs when first required, as under Node's loader: lazy `require`s stay lazy.
 * The CLI bundle drops whitespace and comments (a third less for Node to read and V8 to scan at every start);
 * names are kept, so a stack (RUNBOOK_DEBUG=1) still names its functions, at columns of long lines.
 * Left outside: ssh2's optional native add-ons (ssh2 falls back to its JavaScript ciphers) and pg-native (pg uses
 * its JavaScript client unless asked for the native one).
 */
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const EXTERNAL = ['*.node', 'cpu-features', 'pg-native'];
const ENTRY = [
  "const { installLastResortHandlers } = require('./last-resort.js');",
  "const { main } = require('./main.js');",
  'module.exports = { installLastResortHandlers, main };',
].join('\n');

/** esbuild, a build tool: loaded only when something is bundled. */
function esbuild() {
  return require('esbuild');
}

function optionsFor(root) {
  return { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: root };
}

/**
 * dist/cli/runbook.js from dist/cli/main.js and last-resort.js, its first line the digest of the rest (the key of
 * bin/runbook.js's code cache); returns esbuild's metafile.
 */
function bundleCli(root) {
  const outfile = join(root, 'dist', 'cli', 'runbook.js');
  const result = esbuild().buildSync({
    ...optionsFor(root),
    stdin: { contents: ENTRY, resolveDir: join(root, 'dist', 'cli'), sourcefile: 'runbook-entry.js', loader: 'js' },
    outfile,
    external: EXTERNAL,
    minifyWhitespace: true,
    metafile: true,
  });
  const code = readFileSync(outfile);
  writeFileSync(outfile, `// runbook build ${createHash('sha256').update(code).digest('hex')}\n${code}`);
  return result.metafile;
}

/** Each generated validator with the ajv runtime pieces it requires, in place. */
function bundleValidators(root) {
  const dir = join(root, 'dist', 'validators');
  const entryPoints = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name));
  const result = esbuild().buildSync({
    ...optionsFor(root),
    entryPoints,
    outdir: dir,
    allowOverwrite: true,
    metafile: true,
  });
  return result.metafile;
}

/** `node_modules/a/…` and `node_modules/@s/b/…` → the package folders a bundle took files from. */
function packagesOf(metafiles) {
  const folders = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) folders.add(match[1]);
    }
  }
  return [...folders].sort();
}

function licenseTextOf(folder) {
  const name = readdirSync(folder).find((file) => /^(licen[sc]e|copying)(\.|$)/i.test(file));
  return name === undefined ? undefined : readFileSync(join(folder, name), 'utf8').trim();
}

/** dist/THIRD-PARTY-NOTICES: name, version, license and its text, for every package bundled. */
function writeNotices(root, metafiles) {
  const sections = packagesOf(metafiles).map((relativeFolder) => {
    const folder = join(root, relativeFolder);
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const license = pkg.license ?? (pkg.licenses ?? []).map((entry) => entry.type).join(' OR ');
    const text = licenseTextOf(folder) ?? `(no license file in the package; its package.json says ${license})`;
    return `## ${pkg.name} ${pkg.version} (${license})\n\n${text}\n`;
  });
  const header =
    '# Third-party notices\n\nrunbook ships these packages bundled in dist/cli/runbook.js and dist/validators/.\n\n';
  writeFileSync(join(root, 'dist', 'THIRD-PARTY-NOTICES'), header + sections.join('\n'));
}

function bundle(root) {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run tsc first');
  const metafiles = [bundleCli(root), bundleValidators(root)];
  writeNotices(root, metafiles);
}

module.exports = { bundle, bundleCli, bundleValidators };
