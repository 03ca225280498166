/**
 * JSON Schema validators, each compiled once: at build time when it can be (`npm run build` writes ajv standalone
 * code for every document and module schema into dist/validators/, so a command compiles nothing when it starts),
 * else on first use in this process (tests run from src/, where there is no build). The CLI bundle carries the
 * generated validators inside it (scripts/bundle.js registers them with useBundledValidators), so the installed
 * CLI neither resolves nor reads a file for them; dist/cli/*.js as tsc left them find them in dist/validators/.
 * A generated validator is used only when it was generated from this very schema and mode (its digest says so);
 * otherwise it is compiled here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type AjvType from 'ajv';
import type { Options, ValidateFunction } from 'ajv';

export const SchemaMode = {
  /** Documents as written: every problem reported, nothing changed. */
  CHECK: 'check',
  /** Rendered module arguments: `"8"` becomes 8 where an integer is expected, defaults filled in. */
  COERCE: 'coerce',
} as const;
export type SchemaMode = (typeof SchemaMode)[keyof typeof SchemaMode];

/** A schema to validate with: `key` names its generated file (`<key>.<mode>.js`). */
export interface SchemaSpec {
  key: string;
  schema: object;
  mode: SchemaMode;
}

/** Where `npm run build` puts the generated validators (dist/validators next to dist/shared). */
export const GENERATED_VALIDATORS_DIR = join(__dirname, '..', 'validators');

/** The options each mode compiles with. Unknown keywords (editor hints like `patternErrorMessage`) are allowed. */
export function ajvOptions(mode: SchemaMode): Options {
  const common: Options = { allErrors: true, verbose: true, strict: false, allowUnionTypes: true };
  return mode === SchemaMode.COERCE ? { ...common, coerceTypes: true, useDefaults: true } : common;
}

/** What a generated validator must have been generated from: the schema and the mode. */
export function digestOf(spec: Pick<SchemaSpec, 'schema' | 'mode'>): string {
  return createHash('sha256')
    .update(JSON.stringify([spec.mode, spec.schema]))
    .digest('hex');
}

export function generatedFileOf(key: string, mode: SchemaMode, dir = GENERATED_VALIDATORS_DIR): string {
  return join(dir, `${key}.${mode}.js`);
}

export interface GeneratedModule {
  (data: unknown): boolean;
  digest?: string;
}

const compiled = new WeakMap<object, Map<SchemaMode, ValidateFunction>>();
const ajvs = new Map<SchemaMode, AjvType>();
let generatedDir = GENERATED_VALIDATORS_DIR;
let bundled: Readonly<Record<string, () => GeneratedModule>> = {};

/**
 * The generated validators the CLI bundle carries, by `<key>.<mode>`: each a function that runs its module when
 * first called (a validator nobody uses is never run). Called once by the bundle's entry, before any command.
 */
export function useBundledValidators(loaders: Readonly<Record<string, () => GeneratedModule>>): void {
  bundled = loaders;
}

/** Tests point the lookup of generated validators elsewhere (or nowhere); returns the previous directory. */
export function useGeneratedValidatorsFrom(dir: string): string {
  const previous = generatedDir;
  generatedDir = dir;
  return previous;
}

/** The validator of `spec`: the generated one if it matches, else compiled now; the same function every time. */
export function validatorOf(spec: SchemaSpec): ValidateFunction {
  let byMode = compiled.get(spec.schema);
  if (byMode === undefined) {
    byMode = new Map();
    compiled.set(spec.schema, byMode);
  }
  let validate = byMode.get(spec.mode);
  if (validate === undefined) {
    validate = loadGenerated(spec) ?? compile(spec);
    byMode.set(spec.mode, validate);
  }
  return validate;
}

function loadGenerated(spec: SchemaSpec): ValidateFunction | undefined {
  const generated = bundled[`${spec.key}.${spec.mode}`]?.() ?? requireGenerated(spec);
  if (generated === undefined) return undefined;
  return generated.digest === digestOf(spec) ? (generated as unknown as ValidateFunction) : undefined;
}

function requireGenerated(spec: SchemaSpec): GeneratedModule | undefined {
  const file = generatedFileOf(spec.key, spec.mode, generatedDir);
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated at build time, found at run time
  return require(file) as GeneratedModule;
}

function compile(spec: SchemaSpec): ValidateFunction {
  return ajvFor(spec.mode).compile(spec.schema);
}

/** The ajv instance of a mode; `isSource` keeps the generated code (for `npm run build`). */
export function createAjv(mode: SchemaMode, isSource = false): AjvType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- ajv is loaded only when something is compiled
  const { default: Ajv } = require('ajv') as { default: typeof AjvType };
  return new Ajv({ ...ajvOptions(mode), ...(isSource ? { code: { source: true } } : {}) });
}

function ajvFor(mode: SchemaMode): AjvType {
  let ajv = ajvs.get(mode);
  if (ajv === undefined) {
    ajv = createAjv(mode);
    ajvs.set(mode, ajv);
  }
  return ajv;
}
