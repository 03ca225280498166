/**
 * Evaluates a parsed search against records through a per-type field table (field -> value accessor).
 * Enum fields compare loosely (`nonresponsive` matches `non_responsive`).
 */
import type { SearchExpression, SearchQuery } from './search';
import { SearchSyntaxError } from './search';

export type FieldValue = string | number | undefined;

export interface SearchField<T> {
  read: (item: T) => FieldValue | FieldValue[];
  isEnum?: boolean;
  /** Ordering of enum values for < and > (e.g. severities). */
  order?: readonly string[];
  /**
   * The only values the engine's value completer accepts (BitValueAutoCompleter: true, false); any other value is
   * a syntax error there (SyntaxChecker), so here too.
   */
  values?: readonly string[];
}

export type SearchFields<T> = Record<string, SearchField<T>>;

function normalize(text: string, field: SearchField<unknown>, isCaseSensitive: boolean): string {
  const cased = isCaseSensitive ? text : text.toLowerCase();
  return field.isEnum ? cased.replace(/[_\s]/g, '').toLowerCase() : cased;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function compareOrdered(actual: string, expected: string, field: SearchField<unknown>): number {
  if (field.order) return field.order.indexOf(actual) - field.order.indexOf(expected);
  const a = Number(actual);
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

function matchOne(
  actual: FieldValue,
  term: Extract<SearchExpression, { kind: 'term' }>,
  field: SearchField<unknown>,
  isCaseSensitive: boolean
): boolean {
  const left = normalize(actual === undefined ? '' : String(actual), field, isCaseSensitive);
  const right = normalize(term.value, field, isCaseSensitive);
  switch (term.op) {
    case '=':
      return wildcard(right).test(left);
    case '!=':
      return !wildcard(right).test(left);
    case '<':
      return compareOrdered(left, right, field) < 0;
    case '>':
      return compareOrdered(left, right, field) > 0;
    case '<=':
      return compareOrdered(left, right, field) <= 0;
    case '>=':
      return compareOrdered(left, right, field) >= 0;
  }
}

function evaluate<T>(expr: SearchExpression, item: T, fields: SearchFields<T>, query: string, cs: boolean): boolean {
  if (expr.kind !== 'term') {
    const left = evaluate(expr.left, item, fields, query, cs);
    if (expr.kind === 'and' ? !left : left) return left;
    return evaluate(expr.right, item, fields, query, cs);
  }
  const name = expr.field.endsWith('.name') ? expr.field.slice(0, -'.name'.length) : expr.field;
  const field = fields[name];
  if (field === undefined) throw new SearchSyntaxError(query, `unknown field "${expr.field}"`);
  if (field.values !== undefined && !field.values.includes(expr.value.toLowerCase())) {
    throw new SearchSyntaxError(query, `"${expr.value}" is not a value of ${expr.field} (${field.values.join(', ')})`);
  }
  const raw = field.read(item);
  const values = Array.isArray(raw) ? raw : [raw];
  const generic = field as SearchField<unknown>;
  if (expr.op === '!=') return values.every((value) => matchOne(value, expr, generic, cs));
  return values.some((value) => matchOne(value, expr, generic, cs));
}

export interface SearchOptions {
  isCaseSensitive: boolean;
  /** Page size for `page N` (the `max` parameter). */
  pageSize?: number;
}

export function applySearch<T>(
  items: readonly T[],
  query: SearchQuery,
  fields: SearchFields<T>,
  text: string,
  options: SearchOptions
): T[] {
  const where = query.where;
  let result = where
    ? items.filter((item) => evaluate(where, item, fields, text, options.isCaseSensitive))
    : [...items];
  if (query.sortBy) result = sortItems(result, query.sortBy, fields, text);
  if (query.page !== undefined && options.pageSize !== undefined) {
    const start = (Math.max(1, query.page) - 1) * options.pageSize;
    result = result.slice(start, start + options.pageSize);
  }
  return result;
}

function sortItems<T>(items: T[], sortBy: NonNullable<SearchQuery['sortBy']>, fields: SearchFields<T>, text: string) {
  const field = fields[sortBy.field];
  if (field === undefined) throw new SearchSyntaxError(text, `unknown sort field "${sortBy.field}"`);
  const key = (item: T) => {
    const value = field.read(item);
    return String(Array.isArray(value) ? value[0] : (value ?? ''));
  };
  const sorted = [...items].sort((a, b) => compareOrdered(key(a), key(b), field as SearchField<unknown>));
  return sortBy.isDescending ? sorted.reverse() : sorted;
}
