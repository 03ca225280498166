/** Reading plain JSON of unknown shape out of the journal: typed fields, or undefined when absent or malformed. */
import { Witness } from './types';

type Json = Record<string, unknown>;

const WITNESSES: ReadonlySet<string> = new Set(Object.values(Witness));

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function numberAt(o: Json, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function stringAt(o: Json, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A known value of an enumeration, else undefined. */
export function oneOf<T extends string>(o: Json, key: string, known: ReadonlySet<string>): T | undefined {
  const v = stringAt(o, key);
  return v !== undefined && known.has(v) ? (v as T) : undefined;
}

export function witnessAt(o: Json, key: string): Witness | undefined {
  return oneOf<Witness>(o, key, WITNESSES);
}

/** Copy the keys whose value is defined (the model uses optional properties, never explicit undefined). */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
