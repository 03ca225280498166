/** Argument handling shared by the filters. */
import { EvalFailure } from '../errors';
import { getOwn, typeName } from '../values';

export interface FilterCall {
  /** The filter's name, for messages. */
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export type Filter = (input: unknown, call: FilterCall) => unknown;

/** The argument at `index`, or keyword `key`, or `fallback`. */
export function argument(call: FilterCall, index: number, key: string, fallback?: unknown): unknown {
  if (index >= 0 && index < call.args.length) return call.args[index];
  if (Object.hasOwn(call.kwargs, key)) return call.kwargs[key];
  return fallback;
}

export function stringArgument(call: FilterCall, index: number, key: string, fallback?: string): string {
  const value = argument(call, index, key, fallback);
  if (typeof value !== 'string') {
    throw new EvalFailure(`${call.name}: argument "${key}" must be a string, got ${typeName(value)}`);
  }
  return value;
}

/** Follows a dotted attribute path (`site.name`, `disks.0.size`) through own properties. */
export function lookupPath(item: unknown, path: string): { isFound: boolean; value: unknown } {
  let current: unknown = item;
  for (const part of path.split('.')) {
    const found = getOwn(current, part);
    if (!found.isFound) return found;
    current = found.value;
  }
  return { isFound: true, value: current };
}

export function requirePath(item: unknown, path: string, call: FilterCall): unknown {
  const found = lookupPath(item, path);
  if (!found.isFound) throw new EvalFailure(`${call.name}: an item has no attribute "${path}"`, path);
  return found.value;
}
