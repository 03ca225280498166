/**
 * The few Python methods Jinja2 templates use every day: `d.items()`, `d.get('k', 0)`, `s.startswith('x')`,
 * `s.split(',')`, `', '.join(list)`, `loop.cycle('odd', 'even')`. Called on data only; never on host objects.
 */
import { EvalFailure } from './errors';
import { deepEqual, expectList, isDict, toText, typeName, type Dict } from './values';

/** The `loop` objects of `{% for %}` (they have `cycle`). */
export const LOOP_OBJECTS = new WeakSet<object>();

type Method = (receiver: never, args: unknown[]) => unknown;

const DICT_METHODS: Record<string, (d: Dict, args: unknown[]) => unknown> = {
  items: (d) => Object.entries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, [key, fallback = null]) => (Object.hasOwn(d, toText(key)) ? d[toText(key)] : fallback),
};

function prefixes(value: unknown): string[] {
  return Array.isArray(value) ? value.map(toText) : [toText(value)];
}

function splitText(s: string, [sep = null, max = -1]: unknown[]): string[] {
  const limit = typeof max === 'number' && max >= 0 ? max : Infinity;
  const parts = sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(toText(sep));
  if (parts.length <= limit + 1) return sep === null && s.trim() === '' ? [] : parts;
  const joiner = sep === null ? ' ' : toText(sep);
  return [...parts.slice(0, limit), parts.slice(limit).join(joiner)];
}

function stripChars(s: string, chars: unknown, isStart: boolean, isEnd: boolean): string {
  const set = chars === undefined || chars === null ? ' \t\n\r\v\f' : toText(chars);
  let start = 0;
  let end = s.length;
  while (isStart && start < end && set.includes(s[start] as string)) start++;
  while (isEnd && end > start && set.includes(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

const STRING_METHODS: Record<string, (s: string, args: unknown[]) => unknown> = {
  startswith: (s, [prefix]) => prefixes(prefix).some((p) => s.startsWith(p)),
  endswith: (s, [suffix]) => prefixes(suffix).some((p) => s.endsWith(p)),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s, [chars]) => stripChars(s, chars, true, true),
  lstrip: (s, [chars]) => stripChars(s, chars, true, false),
  rstrip: (s, [chars]) => stripChars(s, chars, false, true),
  split: splitText,
  splitlines: (s) => s.split(/\r\n|\n|\r/).filter((line, i, all) => i < all.length - 1 || line !== ''),
  replace: (s, [from, to]) => s.split(toText(from)).join(toText(to)),
  join: (s, [items]) => expectList(items, 'join').map(toText).join(s),
  count: (s, [part]) => (toText(part) === '' ? s.length + 1 : s.split(toText(part)).length - 1),
  find: (s, [part]) => s.indexOf(toText(part)),
};

const LIST_METHODS: Record<string, (l: unknown[], args: unknown[]) => unknown> = {
  index: (l, [item]) => {
    const at = l.findIndex((x) => deepEqual(x, item));
    if (at < 0) throw new EvalFailure('list.index: the item is not in the list');
    return at;
  },
  count: (l, [item]) => l.filter((x) => deepEqual(x, item)).length,
};

function methodsOf(receiver: unknown): Record<string, Method> | undefined {
  if (typeof receiver === 'string') return STRING_METHODS as Record<string, Method>;
  if (Array.isArray(receiver)) return LIST_METHODS as Record<string, Method>;
  if (isDict(receiver)) {
    return (LOOP_OBJECTS.has(receiver) ? { ...DICT_METHODS, cycle } : DICT_METHODS) as Record<string, Method>;
  }
  return undefined;
}

function cycle(loop: Dict, args: unknown[]): unknown {
  if (args.length === 0) throw new EvalFailure('loop.cycle needs at least one value');
  return args[(loop.index0 as number) % args.length];
}

export function callMethod(receiver: unknown, name: string, args: unknown[]): unknown {
  const methods = methodsOf(receiver);
  const method = methods && Object.hasOwn(methods, name) ? methods[name] : undefined;
  if (!method) {
    const known = methods ? ` (known: ${Object.keys(methods).join(', ')})` : '';
    throw new EvalFailure(`a ${typeName(receiver)} has no method "${name}"${known}`);
  }
  return method(receiver as never, args);
}
