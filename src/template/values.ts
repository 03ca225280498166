/** What template values are: JSON-like data. Truthiness, equality, ordering and text follow Jinja/Python. */
import { EvalFailure } from './errors';

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `string`, `number`, `boolean`, `none`, `list`, `dict`. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  return typeof value;
}

export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** -1, 0 or 1; numbers with numbers, strings with strings, lists element-wise. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Math.sign(Number(a) - Number(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareValues(a[i], b[i]);
      if (order !== 0) return order;
    }
    return Math.sign(a.length - b.length);
  }
  throw new EvalFailure(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

/** How a value appears inside text: strings as they are, none as empty, lists and dicts as JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A short, quoted rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Own property lookup only: templates never reach prototypes (`constructor`, `__proto__`). */
export function getOwn(object: unknown, key: string | number): { isFound: boolean; value: unknown } {
  if (Array.isArray(object) || typeof object === 'string') {
    const index = typeof key === 'number' ? key : /^-?\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index)) return { isFound: false, value: undefined };
    const at = index < 0 ? object.length + index : index;
    return at >= 0 && at < object.length ? { isFound: true, value: object[at] } : { isFound: false, value: undefined };
  }
  if (isDict(object) && Object.hasOwn(object, key) && object[key] !== undefined) {
    return { isFound: true, value: object[key] };
  }
  return { isFound: false, value: undefined };
}

export function expectList(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  if (typeof value === 'string') return [...value];
  throw new EvalFailure(`${what} expects a list, got ${typeName(value)}`);
}
