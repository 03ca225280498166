/**
 * The published schemas (schemas/*.schema.json) must load in any JSON Schema tool, including ajv in its default
 * strict mode: an `$id`, no editor-only keywords (`patternErrorMessage` goes into the description), union types
 * (`type: [string, array]`) as `anyOf` branches that each carry their own keywords, and `type: object` beside
 * `required` in an `if`. The loader's own schemas keep their forms; only what is written to schemas/ changes.
 */

type Schema = Record<string, unknown>;

const EDITOR_ONLY = ['patternErrorMessage'];
const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions'];
const LIST_KEYWORDS = ['anyOf', 'oneOf', 'allOf'];
const ONE_KEYWORDS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'propertyNames', 'contains'];

/** Which type each type-specific keyword belongs to (JSON Schema draft-07). */
const KEYWORD_TYPES: Record<string, string[]> = {
  minLength: ['string'],
  maxLength: ['string'],
  pattern: ['string'],
  format: ['string'],
  minimum: ['number', 'integer'],
  maximum: ['number', 'integer'],
  exclusiveMinimum: ['number', 'integer'],
  exclusiveMaximum: ['number', 'integer'],
  multipleOf: ['number', 'integer'],
  items: ['array'],
  minItems: ['array'],
  maxItems: ['array'],
  uniqueItems: ['array'],
  contains: ['array'],
  properties: ['object'],
  patternProperties: ['object'],
  additionalProperties: ['object'],
  required: ['object'],
  propertyNames: ['object'],
  minProperties: ['object'],
  maxProperties: ['object'],
};

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mapChildren(node: Schema): Schema {
  const out: Schema = { ...node };
  for (const key of MAP_KEYWORDS) {
    if (isSchema(out[key])) {
      out[key] = Object.fromEntries(Object.entries(out[key]).map(([k, v]) => [k, toPortableSchema(v)]));
    }
  }
  for (const key of LIST_KEYWORDS)
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(toPortableSchema);
  for (const key of ONE_KEYWORDS) if (isSchema(out[key])) out[key] = toPortableSchema(out[key]);
  return out;
}

function moveEditorMessages(node: Schema): Schema {
  const out: Schema = { ...node };
  for (const key of EDITOR_ONLY) {
    if (typeof out[key] !== 'string') continue;
    const message = out[key];
    delete out[key];
    const description = typeof out.description === 'string' ? `${out.description} ` : '';
    out.description = `${description}(${out.pattern !== undefined ? 'pattern: ' : ''}${message})`.trim();
  }
  if (isSchema(out.propertyNames)) out.propertyNames = moveEditorMessages(out.propertyNames);
  return out;
}

/** `type: [a, b]` -> `anyOf: [{type: a, …its keywords}, {type: b, …}]`; shared keywords stay outside. */
function splitUnionType(node: Schema): Schema {
  if (!Array.isArray(node.type)) return node;
  const types = node.type as string[];
  const shared: Schema = {};
  const specific: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type') continue;
    if (KEYWORD_TYPES[key]) specific[key] = value;
    else shared[key] = value;
  }
  const branches = types.map((type) => {
    const own = Object.entries(specific).filter(([key]) => (KEYWORD_TYPES[key] ?? []).includes(type));
    return { type, ...Object.fromEntries(own) };
  });
  const existing = Array.isArray(shared.anyOf) ? shared.anyOf : undefined;
  delete shared.anyOf;
  const anyOf = existing ? [{ anyOf: branches }, { anyOf: existing }] : branches;
  return existing ? { ...shared, allOf: anyOf } : { ...shared, anyOf };
}

/** An `if` (or `then`/`else`) that only requires keys needs `type: object` in strict mode. */
function typeConditions(node: Schema): Schema {
  const out: Schema = { ...node };
  for (const key of ['if', 'then', 'else']) {
    const branch = out[key];
    if (isSchema(branch) && branch.required !== undefined && branch.type === undefined) {
      out[key] = { type: 'object', ...branch };
    }
  }
  return out;
}

export function toPortableSchema(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  return splitUnionType(typeConditions(moveEditorMessages(mapChildren(schema))));
}

/** A published schema: portable, with its `$id` first. */
export function publishSchema(schema: object, id: string): object {
  const { $schema, ...rest } = toPortableSchema(schema) as Schema;
  return { ...($schema !== undefined ? { $schema } : {}), $id: id, ...rest };
}
