/**
 * Part of `npm run build` (bin/build.js): every JSON Schema the CLI validates with, compiled now into ajv standalone
 * code (dist/validators/<key>.<mode>.js), so that no command compiles a schema when it starts. Each file records the
 * digest of the schema and mode it was made from; src/shared/validators.ts uses it only when they still match.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone';
import { INVENTORY_SCHEMA_SPEC } from '../inventory/load';
import { modules } from '../modules/registry';
import { moduleSchemaSpec, RUNBOOK_SCHEMA_SPECS } from '../runbook/validators';
import { CONFIG_SCHEMA_SPEC } from './project';
import { createAjv, digestOf, GENERATED_VALIDATORS_DIR, generatedFileOf, SchemaMode } from '../shared/validators';
import type { SchemaSpec } from '../shared/validators';

/** Every schema the CLI validates with, in every mode it is used in. */
export function listSchemaSpecs(): SchemaSpec[] {
  const moduleSpecs = Object.entries(modules).flatMap(([name, module]) =>
    [SchemaMode.CHECK, SchemaMode.COERCE].map((mode) => moduleSchemaSpec(name, module.schema, mode))
  );
  return [INVENTORY_SCHEMA_SPEC, CONFIG_SCHEMA_SPEC, ...RUNBOOK_SCHEMA_SPECS, ...moduleSpecs];
}

/** Writes one file per spec into `dir` (emptied first); returns the files written. */
export function writeValidators(dir: string = GENERATED_VALIDATORS_DIR): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ajvs = new Map([SchemaMode.CHECK, SchemaMode.COERCE].map((mode) => [mode, createAjv(mode, true)]));
  return listSchemaSpecs().map((spec) => {
    const ajv = ajvs.get(spec.mode)!;
    const code = standaloneCode(ajv, ajv.compile(spec.schema));
    const file = generatedFileOf(spec.key, spec.mode, dir);
    writeFileSync(file, `${code}\nmodule.exports.digest = ${JSON.stringify(digestOf(spec))};\n`);
    return file;
  });
}

/** The generated files present in `dir`. */
export function listGenerated(dir: string = GENERATED_VALIDATORS_DIR): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.js'));
}

if (require.main === module) {
  const dir = process.argv[2] ?? GENERATED_VALIDATORS_DIR;
  console.log(`generated ${writeValidators(dir).length} validators in ${dir}`);
}
