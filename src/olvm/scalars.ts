/**
 * Lenient readers for the engine's JSON (ovirt-api.md §2.1): booleans and 32-bit integers arrive as strings
 * ("true", "5"), 64-bit sizes as numbers or strings, dates as epoch-ms numbers (or ISO strings when a body came
 * from an XML example), empty collections as `{}` and, on some engine versions, absent values as `null`.
 * Every reader returns `undefined` for absent or unreadable input instead of throwing: the parsers decide what
 * is required.
 */
import type { Ref } from './model';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key`, or undefined. */
export function readObject(source: unknown, key: string): Json | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return isObject(value) ? value : undefined;
}

export function readString(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `true`, `"true"`, `"TRUE"`, `1`, `"1"` are true; their opposites false; anything else undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

export function readBoolean(source: unknown, key: string): boolean | undefined {
  return isObject(source) ? toBoolean(source[key]) : undefined;
}

/** A finite number from a number or a numeric string ("5", "-1", "1.5", "270271364096"). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function readNumber(source: unknown, key: string): number | undefined {
  return isObject(source) ? toNumber(source[key]) : undefined;
}

/** Epoch milliseconds from a number, a numeric string, or an ISO-8601 date string. */
export function toEpochMs(value: unknown): number | undefined {
  const numeric = toNumber(value);
  if (numeric !== undefined) return numeric;
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function readEpochMs(source: unknown, key: string): number | undefined {
  return isObject(source) ? toEpochMs(source[key]) : undefined;
}

/** An enum value as the engine spells it (lower case); unknown values pass through unchanged. */
export function readEnum<T extends string>(source: unknown, key: string): T | undefined {
  const value = readString(source, key);
  return value === undefined ? undefined : (value.toLowerCase() as T);
}

/**
 * The items of a collection: `{"host":[...]}` under `key`. `{}`, `null` and a missing key mean empty; a lone
 * object where an array was expected is taken as a one-item list.
 */
export function readList(source: unknown, key: string): Json[] {
  if (!isObject(source)) return [];
  const value = source[key];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** A nested list: `{"hosts":{"host":[...]}}` read with (`hosts`, `host`). */
export function readNestedList(source: unknown, wrapper: string, key: string): Json[] {
  return readList(readObject(source, wrapper), key);
}

/** A reference `{id, href, name?}`; undefined when there is no id (e.g. `"lease": {}`). */
export function toRef(value: unknown): Ref | undefined {
  const id = readString(value, 'id');
  if (id === undefined || id === '') return undefined;
  const href = readString(value, 'href');
  const name = readString(value, 'name');
  return { id, ...(href !== undefined ? { href } : {}), ...(name !== undefined ? { name } : {}) };
}

export function readRef(source: unknown, key: string): Ref | undefined {
  return isObject(source) ? toRef(source[key]) : undefined;
}

export function readRefs(source: unknown, wrapper: string, key: string): Ref[] {
  return readNestedList(source, wrapper, key)
    .map(toRef)
    .filter((ref): ref is Ref => ref !== undefined);
}

/** The `rel` names of `actions.link[]`: what the engine offers to do with the object now. */
export function readActionNames(source: unknown): string[] {
  return readNestedList(source, 'actions', 'link')
    .map((link) => readString(link, 'rel'))
    .filter((rel): rel is string => rel !== undefined);
}

/** Adds `key: value` to an object literal only when value is defined (exactOptionalPropertyTypes-friendly). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
