/** What every identified object shares: an id (required), a name, an href, a description. */
import { OlvmParseError } from '../errors';
import { isObject, optional, readString } from '../scalars';
import type { Json } from '../scalars';

export interface Identity {
  id: string;
  name: string;
  href?: string;
  description?: string;
}

/** The object itself, or a parse error naming what was expected. */
export function requireObject(value: unknown, kind: string): Json {
  if (!isObject(value)) throw new OlvmParseError(`expected a ${kind} object, got ${describeJson(value)}`);
  return value;
}

export function readIdentity(json: Json, kind: string): Identity {
  const id = readString(json, 'id');
  if (id === undefined || id === '') throw new OlvmParseError(`a ${kind} without an id`);
  return {
    id,
    name: readString(json, 'name') ?? '',
    ...optional('href', readString(json, 'href')),
    ...optional('description', readString(json, 'description')),
  };
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty body' : 'text';
  return typeof value;
}
