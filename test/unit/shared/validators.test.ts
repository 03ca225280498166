import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { listSchemaSpecs, writeValidators } from '../../../src/cli/build-validators';
import { modules } from '../../../src/modules/registry';
import {
  createAjv,
  generatedFileOf,
  SchemaMode,
  useGeneratedValidatorsFrom,
  validatorOf,
} from '../../../src/shared/validators';
import type { SchemaSpec } from '../../../src/shared/validators';

const PORT_SCHEMA = {
  type: 'object',
  properties: { port: { type: 'integer', default: 22 }, name: { type: 'string', minLength: 1 } },
  required: ['name'],
  additionalProperties: false,
};

/** What a validator says about `data`: valid or not, the data after it, and the errors (as JSON). */
function verdict(validate: (data: unknown) => boolean, errorsOf: () => unknown, data: unknown): string {
  const copy = structuredClone(data);
  return JSON.stringify({ isValid: validate(copy), data: copy, errors: errorsOf() ?? null });
}

function requireGenerated(spec: SchemaSpec, dir: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated file itself
  return require(generatedFileOf(spec.key, spec.mode, dir));
}

describe('validatorOf', () => {
  it('checks documents as written and coerces rendered arguments, each compiled once', () => {
    const check = validatorOf({ key: 'test-port', schema: PORT_SCHEMA, mode: SchemaMode.CHECK });
    const coerce = validatorOf({ key: 'test-port', schema: PORT_SCHEMA, mode: SchemaMode.COERCE });
    const args: Record<string, unknown> = { name: 'a', port: '2222' };
    expect(check({ ...args })).toBe(false);
    expect(coerce(args)).toBe(true);
    expect(args).toEqual({ name: 'a', port: 2222 });
    const defaulted: Record<string, unknown> = { name: 'b' };
    expect(coerce(defaulted)).toBe(true);
    expect(defaulted).toEqual({ name: 'b', port: 22 });
    expect(validatorOf({ key: 'test-port', schema: PORT_SCHEMA, mode: SchemaMode.CHECK })).toBe(check);
  });
});

describe('validators generated at build time', () => {
  let dir: string;
  let previous: string;
  const specs = listSchemaSpecs().map((spec) => [`${spec.key}.${spec.mode}`, spec] as const);

  beforeAll(() => {
    // Inside the project, so that the generated code finds ajv's runtime helpers in node_modules.
    const cache = join(__dirname, '..', '..', '..', 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'runbook-validators-'));
    writeValidators(dir);
    previous = useGeneratedValidatorsFrom(dir);
  }, 120_000);
  afterAll(() => {
    useGeneratedValidatorsFrom(previous);
    rmSync(dir, { recursive: true, force: true });
  });

  it('cover the inventory, the runbook, its includes and steps, and every module in both modes', () => {
    const keys = specs.map(([key]) => key);
    expect(keys).toEqual(
      expect.arrayContaining(['inventory.check', 'runbook.check', 'runbook-include.check', 'runbook-step.check'])
    );
    for (const name of Object.keys(modules)) {
      expect(keys).toEqual(expect.arrayContaining([`module-${name}.check`, `module-${name}.coerce`]));
    }
  });

  it.each(specs)('are used instead of compiling: %s', (_key, spec) => {
    expect(validatorOf(spec)).toBe(requireGenerated(spec, dir));
  });

  it.each(specs)('say what a compiled validator says: %s', (_key, spec) => {
    const generated = validatorOf(spec);
    const compiled = createAjv(spec.mode).compile(spec.schema);
    for (const data of [{}, { unknown_key: 1 }, { name: 7, id: '', hosts: {}, msg: [1] }, [], 'text', null]) {
      expect(verdict(generated, () => generated.errors, data)).toBe(verdict(compiled, () => compiled.errors, data));
    }
  });

  it('are not used when they were generated from another schema (a build older than the code)', () => {
    const [spec] = listSchemaSpecs() as [SchemaSpec];
    const changed = { ...spec, schema: { ...spec.schema, description: 'changed since the build' } };
    const validate = validatorOf(changed);
    expect(validate).not.toBe(requireGenerated(spec, dir));
    const compiled = createAjv(changed.mode).compile(changed.schema);
    expect(verdict(validate, () => validate.errors, {})).toBe(verdict(compiled, () => compiled.errors, {}));
  });
});
