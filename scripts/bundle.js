'use strict';
/**
 * The package's runtime, made by bin/build.js after tsc: `dist/cli/runbook.js`, one file holding the CLI (tsc's
 * CommonJS output in dist/), the JSON Schema validators generated at build time (dist/validators/, ajv standalone
 * code) and every library they load, bundled by esbuild; and `dist/THIRD-PARTY-NOTICES`, the license of every
 * package the bundle carries. So an installed runbook depends on nothing npm must install next to it:
 * - `npm i -g git+https://…` works (npm 11 extracts a git package and its dependencies at once, and the package's
 *   extraction empties the folder the dependencies went into: npm/cli#3692, #6984);
 * - a command reads one file instead of resolving and reading ~200 modules and ~30 validators (bin/runbook.js adds
 *   V8's code cache, which then covers the validators too).
 * Each module keeps its own scope and runs when first required, as under Node's loader: lazy `require`s stay lazy.
 * The entry registers each validator as a function that requires it (src/shared/validators.ts, useBundledValidators):
 * a validator runs when a command first validates with it, never at start-up.
 * The CLI bundle drops whitespace and comments (a third less for Node to read and V8 to scan at every start);
 * names are kept, so a stack (RUNBOOK_DEBUG=1) still names its functions, at columns of long lines.
 * Left outside: ssh2's optional native add-ons (ssh2 falls back to its JavaScript ciphers) and pg-native (pg uses
 * its JavaScript client unless asked for the native one).
 */
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const EXTERNAL = ['*.node', 'cpu-features', 'pg-native'];

/** The generated validators in dist/validators/ (none before build-validators ran), as `<key>.<mode>` names. */
function listValidators(root) {
  const dir = join(root, 'dist', 'validators');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => name.slice(0, -'.js'.length))
    .sort();
}

/** The bundle's entry: the CLI's two exports, after registering each generated validator as a lazy require. */
function entryOf(root) {
  const loaders = listValidators(root).map(
    (name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(`../validators/${name}.js`)}),`
  );
  return [
    "require('../shared/validators.js').useBundledValidators({",
    ...loaders,
    '});',
    "const { installLastResortHandlers } = require('./last-resort.js');",
    "const { main } = require('./main.js');",
    'module.exports = { installLastResortHandlers, main };',
  ].join('\n');
}

/** esbuild, a build tool: loaded only when something is bundled. */
function esbuild() {
  return require('esbuild');
}

function optionsFor(root) {
  return { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: root };
}

/**
 * dist/cli/runbook.js from dist/cli/main.js, last-resort.js and dist/validators/, written once, its first line the
 * digest of the rest (the key of bin/runbook.js's code cache); returns esbuild's metafile.
 */
function bundleCli(root) {
  const outfile = join(root, 'dist', 'cli', 'runbook.js');
  const result = esbuild().buildSync({
    ...optionsFor(root),
    stdin: {
      contents: entryOf(root),
      resolveDir: join(root, 'dist', 'cli'),
      sourcefile: 'runbook-entry.js',
      loader: 'js',
    },
    outfile,
    external: EXTERNAL,
    minifyWhitespace: true,
    metafile: true,
    write: false,
  });
  const code = result.outputFiles.find((file) => file.path === outfile).contents;
  const digest = createHash('sha256').update(code).digest('hex');
  writeFileSync(outfile, Buffer.concat([Buffer.from(`// runbook build ${digest}\n`), code]));
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
  const header = '# Third-party notices\n\nrunbook ships these packages bundled in dist/cli/runbook.js.\n\n';
  writeFileSync(join(root, 'dist', 'THIRD-PARTY-NOTICES'), header + sections.join('\n'));
}

function bundle(root) {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run tsc first');
  writeNotices(root, [bundleCli(root)]);
}

module.exports = { bundle, bundleCli };
