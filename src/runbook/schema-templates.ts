/**
 * Module argument schemas describe rendered values; in a runbook any value may still be a `{{ template }}`.
 * `allowTemplates` rewrites a schema so that editors accept a template wherever a value is constrained.
 */

export const TEMPLATE_STRING = {
  type: 'string',
  pattern: '\\{\\{.*\\}\\}',
  description: 'A {{ template }}: checked after rendering.',
} as const;

const TEMPLATE_REF = { $ref: '#/definitions/template' };
const CONSTRAINTS = ['enum', 'const', 'pattern', 'format', 'maxLength'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else'];

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a template string would fail this node (a non-string type, or a string constraint). */
function isTemplateRejected(node: Schema): boolean {
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  const hasNonStringType = types.length > 0 && !types.includes('string');
  return hasNonStringType || CONSTRAINTS.some((key) => node[key] !== undefined);
}

export function allowTemplates(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const node: Schema = { ...schema };
  for (const key of SUBSCHEMA_MAPS) {
    if (isSchema(node[key])) {
      node[key] = Object.fromEntries(Object.entries(node[key]).map(([k, v]) => [k, allowTemplates(v)]));
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    if (Array.isArray(node[key])) node[key] = (node[key] as unknown[]).map(allowTemplates);
  }
  for (const key of SUBSCHEMAS) {
    if (isSchema(node[key])) node[key] = allowTemplates(node[key]);
  }
  if (!isTemplateRejected(node)) return node;
  const { description, ...rest } = node;
  return { ...(description !== undefined ? { description } : {}), anyOf: [rest, TEMPLATE_REF] };
}
