/** Runs a JSON Schema (ajv) over a document and turns its errors into plain, positioned problems. */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isSecretKey } from './redact';
import { describeAlternatives } from './suggest';
import type { PathSegment } from './yaml-source';

export interface SchemaProblem {
  path: PathSegment[];
  message: string;
  /** Whether the problem is the key itself (unknown key), to point at the key rather than the value. */
  isKey: boolean;
}

type Schema = Record<string, unknown>;

/** Every problem the schema finds; `isSkipped` drops problems at paths checked later (templated values). */
export function checkSchema(
  validate: ValidateFunction,
  data: unknown,
  isSkipped: (problem: SchemaProblem) => boolean = () => false
): SchemaProblem[] {
  if (validate(data)) return [];
  const problems: SchemaProblem[] = [];
  for (const error of simplifyAlternatives(validate.errors ?? [])) {
    const path = toPath(error.instancePath, data);
    const problem = describeError(error, path);
    if (problem && !isSkipped(problem)) problems.push(problem);
  }
  return problems;
}

/**
 * `anyOf`/`oneOf` make ajv report every failed branch. Keep one readable result: alternative types merged
 * (`must be a string or a list`), else the errors of the branch that got furthest.
 */
function simplifyAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let result = [...errors];
  for (const alternative of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    if (!result.includes(alternative)) continue;
    const prefix = `${alternative.schemaPath}/`;
    const branches = result.filter((e) => e.schemaPath.startsWith(prefix));
    if (branches.length === 0) continue;
    const rest = result.filter((e) => !e.schemaPath.startsWith(prefix) && e !== alternative);
    const isTypeOnly = branches.every((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath);
    if (isTypeOnly) {
      const types = branches.flatMap((e): unknown[] => {
        const type = (e.params as { type: unknown }).type;
        return Array.isArray(type) ? (type as unknown[]) : [type];
      });
      result = [...rest, { ...alternative, keyword: 'type', params: { type: [...new Set(types)] } }];
    } else {
      result = [...rest, ...furthestBranch(branches, prefix)];
    }
  }
  return result;
}

function furthestBranch(branches: readonly ErrorObject[], prefix: string): ErrorObject[] {
  const branchOf = (e: ErrorObject): string => e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length;
  const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  return branches.filter((e) => branchOf(e) === branchOf(best));
}

/** JSON pointer to path segments; array indexes become numbers. */
export function toPath(pointer: string, data: unknown): PathSegment[] {
  const path: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function describeError(error: ErrorObject, path: PathSegment[]): SchemaProblem | undefined {
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as Schema;
  if (error.keyword === 'if' || error.schemaPath.includes('/propertyNames/')) return undefined;
  if (error.keyword === 'required') {
    return { path, message: `missing required key "${String(params.missingProperty)}"`, isKey: false };
  }
  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    const known = Object.keys((schema.properties ?? {}) as Schema);
    return { path: [...path, key], message: `unknown key "${key}"${describeAlternatives(key, known)}`, isKey: true };
  }
  if (error.keyword === 'propertyNames') {
    const name = String(params.propertyName);
    const hint = ((schema.propertyNames ?? {}) as Schema).patternErrorMessage;
    const suffix = typeof hint === 'string' ? `: ${hint}` : '';
    return { path: [...path, name], message: `invalid name "${name}"${suffix}`, isKey: true };
  }
  return { path, message: describeValueError(error, path, schema), isKey: false };
}

function describeValueError(error: ErrorObject, path: PathSegment[], schema: Schema): string {
  const params = error.params as Record<string, unknown>;
  const got = describeGot(error.data, path);
  switch (error.keyword) {
    case 'type':
      return `must be ${describeTypes(params.type)}, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}, got ${got}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}, got ${got}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}, got ${got}`;
    case 'pattern':
      return typeof schema.patternErrorMessage === 'string'
        ? schema.patternErrorMessage
        : `must match ${String(params.pattern)}, got ${got}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `must have at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}`;
    default:
      return error.message ?? `is invalid (${error.keyword})`;
  }
}

const ARTICLES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function describeTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => ARTICLES[String(t)] ?? String(t)).join(' or ');
}

/** `string "three"`; never the value of a secret-named key. */
export function describeGot(value: unknown, path: PathSegment[]): string {
  const kind =
    value === null
      ? 'nothing'
      : Array.isArray(value)
        ? 'a list'
        : typeof value === 'object'
          ? 'a mapping'
          : typeof value;
  const last = path.at(-1);
  if (typeof last === 'string' && isSecretKey(last)) return kind;
  if (value === null || typeof value === 'object' || value === undefined) return kind;
  const text = JSON.stringify(value);
  return `${kind} ${text.length > 40 ? `${text.slice(0, 37)}..."` : text}`;
}
