/**
 * The JSON Schema of runbook YAML. The loader validates step fields with `stepSchema` and each module's arguments
 * with the module's own schema; `buildRunbookSchema(modules)` joins them into the schema published for editors
 * (schemas/runbook.schema.json, written by `npm run schemas`).
 */
import { allowTemplates, TEMPLATE_STRING } from './schema-templates';
import { hasKeyMatching, typoProperties } from './schema-typos';

export const STEP_ID_PATTERN = '^[a-z0-9][a-z0-9_.-]*$';
const IDENTIFIER = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  patternErrorMessage: 'must be a name like vm or spm_result',
};
const duration = { type: ['string', 'number'], description: 'A duration: 90s, 5m, 1h30m, 250ms, or seconds.' };
const expression = {
  type: ['string', 'boolean'],
  description: 'A condition: a bare expression (`x > 1`) or one `{{ … }}`.',
};
const tags = { type: ['string', 'array'], items: { type: 'string', minLength: 1 } };

/** Every step key except the module key. */
export const stepProperties = {
  id: {
    type: 'string',
    pattern: STEP_ID_PATTERN,
    patternErrorMessage: 'must be lowercase letters, digits, ".", "_" and "-", starting with a letter or digit',
    description: 'Unique, stable id (journals and --resume use it).',
  },
  name: { type: 'string', description: 'A human name.' },
  hosts: {
    type: ['string', 'array'],
    items: { type: 'string', minLength: 1 },
    minLength: 1,
    description: 'Target selector: site:primary, group:kvm, host names, globs, !exclude, &intersect. Absent: run once.',
  },
  when: { ...expression, description: 'Run only when this is true.' },
  loop: { type: ['string', 'array'], description: 'A list, or a template that renders to one; one task per item.' },
  loop_var: { ...IDENTIFIER, description: 'The loop variable (default item).' },
  loop_key: { type: 'string', description: 'Template for a stable per-item key (default: item.name, else the index).' },
  register: { ...IDENTIFIER, description: "Name under which later steps see this step's result." },
  retries: { type: 'integer', minimum: 0, description: 'Extra attempts after a failure (default 3 with until).' },
  delay: { ...duration, description: 'Pause between attempts (default 5s).' },
  until: { ...expression, description: 'Retry until this is true.' },
  timeout: { ...duration, description: 'Give up on one target after this long.' },
  ignore_errors: { type: 'boolean', description: 'A failure does not stop the run.' },
  confirm: { type: 'string', minLength: 1, description: 'A question the operator must answer yes to (or --yes).' },
  tags: { ...tags, description: 'Tags for --tags / --skip-tags.' },
  parallel: { type: 'integer', minimum: 1, description: 'At most this many targets at once.' },
  no_log: {
    type: 'boolean',
    description: 'A sensitive step: no diff of the files it writes is shown (Ansible’s no_log).',
  },
} as const;

export const STEP_KEYS: readonly string[] = Object.keys(stepProperties);

export const includeProperties = {
  include: {
    type: 'string',
    minLength: 1,
    description: 'A runbook file whose steps are spliced in (relative to this file).',
  },
  id: { ...stepProperties.id, description: "Prefix of the included steps' ids (default: the file's stem)." },
  when: { ...expression, description: 'Applies to every included step.' },
  tags: { ...tags, description: 'Added to every included step.' },
  vars: { type: 'object', description: 'Variables for the included steps.' },
} as const;

/** What the loader validates a step against (module keys are checked separately). */
export const stepSchema = { type: 'object', required: ['id'], properties: stepProperties } as const;

export const includeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['include'],
  properties: includeProperties,
} as const;

const topProperties = {
  name: { type: 'string', minLength: 1, description: 'What this runbook does.' },
  description: { type: 'string' },
  rto: { ...duration, description: 'Recovery-time objective for drills.' },
  vars: { type: 'object', description: 'Variables for templates.' },
};

/** The runbook document without its steps' contents (the loader checks steps one by one). */
export const runbookSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: { ...topProperties, steps: { type: 'array' } },
} as const;

export interface ModuleSchemaSource {
  schema: object;
  description?: string;
}

/** The published schema: the runbook, its steps, includes, and every module's arguments. */
export function buildRunbookSchema(modules: Record<string, ModuleSchemaSource>): Record<string, unknown> {
  const names = Object.keys(modules).sort();
  const moduleDefinitions = Object.fromEntries(
    names.map((name) => [`module:${name}`, publishModuleSchema(modules[name])])
  );
  const moduleProperties = Object.fromEntries(names.map((name) => [name, { $ref: `#/definitions/module:${name}` }]));
  const typos = typoProperties(names, [...STEP_KEYS, ...names]);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'runbook',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'steps'],
    properties: { ...topProperties, steps: { type: 'array', items: { $ref: '#/definitions/entry' } } },
    definitions: {
      entry: {
        if: { required: ['include'] },
        then: { $ref: '#/definitions/include' },
        else: { $ref: '#/definitions/step' },
      },
      include: includeSchema,
      step: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { ...stepProperties, ...moduleProperties },
        patternProperties: typos,
        // Exactly one module; a misspelt one counts, so the error stays at the misspelt key.
        oneOf: [...names.map((name) => ({ required: [name] })), hasKeyMatching(Object.keys(typos))],
      },
      template: TEMPLATE_STRING,
      ...moduleDefinitions,
    },
  };
}

function publishModuleSchema(module: ModuleSchemaSource | undefined): unknown {
  const { $schema: _schema, $id: _id, ...schema } = (module?.schema ?? {}) as Record<string, unknown>;
  const published = allowTemplates(schema) as Record<string, unknown>;
  return module?.description && published.description === undefined
    ? { description: module.description, ...published }
    : published;
}
