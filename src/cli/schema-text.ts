/**
 * JSON Schema in words, for the generated module reference (docs/modules.md): the type of a value
 * (`integer -1..10`, `list of string (at least 1)`, `"present" | "absent"`) and the rows of an object's
 * arguments, nested objects flattened to dotted names (`high_availability.enabled`).
 */

type Schema = Record<string, unknown>;

export interface ArgumentRow {
  /** Dotted path: `lease`, `high_availability.priority`. */
  name: string;
  type: string;
  isRequired: boolean;
  description: string;
  /** The schema's default, as JSON text, if it declares one. */
  defaultText?: string;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typesOf(node: Schema): string[] {
  if (node.type === undefined) return [];
  return Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
}

function rangeText(node: Schema): string {
  const min = node.minimum as number | undefined;
  const max = node.maximum as number | undefined;
  if (min !== undefined && max !== undefined) return ` ${min}..${max}`;
  if (min !== undefined) return ` >= ${min}`;
  return max !== undefined ? ` <= ${max}` : '';
}

function stringText(node: Schema): string {
  if (typeof node.pattern === 'string') return `string matching \`${node.pattern}\``;
  if (node.format !== undefined) return `string (${String(node.format as string)})`;
  return node.minLength === 1 ? 'non-empty string' : 'string';
}

function arrayText(node: Schema): string {
  const itemText = isSchema(node.items) ? describeType(node.items) : 'any';
  const items = itemText.includes(' or ') ? `(${itemText})` : itemText;
  const minItems = node.minItems as number | undefined;
  return `list of ${items}${minItems !== undefined && minItems > 0 ? ` (at least ${minItems})` : ''}`;
}

function objectText(node: Schema): string {
  if (isSchema(node.additionalProperties)) return `map of ${describeType(node.additionalProperties)}`;
  return isSchema(node.properties) ? 'object (fields below)' : 'mapping';
}

function singleTypeText(type: string, node: Schema): string {
  switch (type) {
    case 'string':
      return stringText(node);
    case 'integer':
    case 'number':
      return `${type}${rangeText(node)}`;
    case 'array':
      return arrayText(node);
    case 'object':
      return objectText(node);
    default:
      return type;
  }
}

/** The type of a value in a few words. */
export function describeType(node: Schema): string {
  if (Array.isArray(node.enum)) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives)) {
    return alternatives
      .filter(isSchema)
      .map((alternative) => describeType(alternative))
      .join(' or ');
  }
  const types = typesOf(node);
  if (types.length === 0) return 'any';
  return types.map((type) => singleTypeText(type, node)).join(' or ');
}

function requiredOf(node: Schema): Set<string> {
  return new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
}

/** The object alternative of a field that is an object or something else (`true` or `{ enabled: true }`). */
function nestedObjectOf(node: Schema): Schema | undefined {
  if (isSchema(node.properties)) return node;
  const alternatives = node.anyOf ?? node.oneOf;
  if (!Array.isArray(alternatives)) return undefined;
  return alternatives.filter(isSchema).find((alternative) => isSchema(alternative.properties));
}

/** One row per argument of an object schema; nested objects add rows for their fields (`parent.child`). */
export function describeArguments(schema: Schema, prefix = ''): ArgumentRow[] {
  if (!isSchema(schema.properties)) return [];
  const required = requiredOf(schema);
  const rows: ArgumentRow[] = [];
  for (const [key, value] of Object.entries(schema.properties)) {
    if (!isSchema(value)) continue;
    const name = `${prefix}${key}`;
    rows.push({
      name,
      type: describeType(value),
      isRequired: required.has(key),
      description: typeof value.description === 'string' ? value.description : '',
      ...(value.default !== undefined ? { defaultText: JSON.stringify(value.default) } : {}),
    });
    const nested = nestedObjectOf(value);
    if (nested !== undefined) rows.push(...describeArguments(nested, `${name}.`));
  }
  return rows;
}

/** Schema-level rules that no single row shows (`anyOf: [{required: [a]}, {required: [b]}]`). */
export function describeRules(schema: Schema): string[] {
  const rules: string[] = [];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) {
    const groups = alternatives.filter(isSchema).map((alternative) => [...requiredOf(alternative)]);
    if (groups.length > 0 && groups.every((group) => group.length > 0)) {
      const word = schema.oneOf !== undefined ? 'exactly one of' : 'at least one of';
      rules.push(`Needs ${word}: ${groups.map((group) => group.map((key) => `\`${key}\``).join(' + ')).join(', ')}.`);
    }
  }
  return rules;
}
