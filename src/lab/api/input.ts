/**
 * Request bodies, JSON or XML, read into one plain shape, and lenient readers for the model's primitive types
 * (booleans as true/"true"/"1", integers as 5/"5"), as the engine accepts them (ovirt-api.md §2.1 rule 7).
 */
import { XMLParser } from 'fast-xml-parser';
import { ApiFault } from './api-fault';

export type InputValue = string | number | boolean | null | InputObject | InputValue[];
export interface InputObject {
  [key: string]: InputValue | undefined;
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

export type BodyFormat = 'json' | 'xml';

export function detectBodyFormat(contentType: string | undefined, raw: string): BodyFormat {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('xml')) return 'xml';
  return raw.trimStart().startsWith('<') ? 'xml' : 'json';
}

/** Parse a request body; XML loses its root element (`<host>…</host>` reads like the JSON `{…}`). */
export function parseBody(raw: string, format: BodyFormat): InputObject {
  if (raw.trim() === '') return {};
  try {
    if (format === 'json') {
      const value = JSON.parse(raw) as unknown;
      return asObject(value as InputValue) ?? {};
    }
    const document = xmlParser.parse(raw) as Record<string, InputValue>;
    const root = Object.values(document)[0];
    return asObject(root ?? null) ?? {};
  } catch (error) {
    throw ApiFault.badRequest('Invalid request body', `[${(error as Error).message.split('\n')[0] ?? 'unreadable'}]`);
  }
}

export function asObject(value: InputValue | undefined): InputObject | undefined {
  if (value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value;
}

export function asString(value: InputValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asBool(value: InputValue | undefined): boolean | undefined {
  const text = asString(value)?.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

export function asInt(value: InputValue | undefined): number | undefined {
  const text = asString(value)?.trim();
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

export function asNumber(value: InputValue | undefined): number | undefined {
  const text = asString(value)?.trim();
  if (text === undefined || text === '' || Number.isNaN(Number(text))) return undefined;
  return Number(text);
}

/** The items of a model list: `{ host: [...] }`, `{ host: {...} }` (one XML element) or a bare array. */
export function asList(wrapper: InputValue | undefined, item: string): InputObject[] {
  const inner = Array.isArray(wrapper) ? wrapper : asObject(wrapper)?.[item];
  const items: InputValue[] = Array.isArray(inner) ? inner : inner === undefined ? [] : [inner];
  const objects: InputObject[] = [];
  for (const value of items) {
    const object = asObject(value);
    if (object !== undefined) objects.push(object);
  }
  return objects;
}

/** Whether the key is present at all (partial updates change only what is present). */
export function has(object: InputObject, key: string): boolean {
  return object[key] !== undefined;
}
