/**
 * Ansible's list and dict filters: flatten, zip, zip_longest, the set filters (difference, intersect, union,
 * symmetric_difference: order of first appearance, no duplicates), select/reject by a test, reverse, combine.
 */
import { EvalFailure } from '../errors';
import { applyTest } from '../predicates';
import { deepEqual, expectList, isDict, isTruthy, toText, typeName, type Dict } from '../values';
import { argument, type Filter, type FilterCall } from './args';

function uniqueItems(items: readonly unknown[]): unknown[] {
  return items.filter((item, i) => items.findIndex((other) => deepEqual(other, item)) === i);
}

function has(items: readonly unknown[], item: unknown): boolean {
  return items.some((other) => deepEqual(other, item));
}

function isNull(item: unknown): boolean {
  return item === null || item === 'None' || item === 'null';
}

function flattenList(items: readonly unknown[], levels: number | undefined, isSkippingNulls: boolean): unknown[] {
  return items.flatMap((item) => {
    if (isSkippingNulls && isNull(item)) return [];
    if (!Array.isArray(item)) return [item];
    if (levels === undefined) return flattenList(item, undefined, isSkippingNulls);
    return levels >= 1 ? flattenList(item, levels - 1, isSkippingNulls) : [item];
  });
}

const flatten: Filter = (input, call) => {
  const levels = argument(call, 0, 'levels');
  if (levels !== undefined && levels !== null && typeof levels !== 'number') {
    throw new EvalFailure(`flatten: levels must be a number, got ${typeName(levels)}`);
  }
  const isSkippingNulls = isTruthy(argument(call, 1, 'skip_nulls', true));
  return flattenList(expectList(input, 'flatten'), levels ?? undefined, isSkippingNulls);
};

function zipLists(input: unknown, call: FilterCall, isLongest: boolean): unknown[][] {
  const lists = [input, ...call.args].map((list) => expectList(list, call.name));
  const lengths = lists.map((list) => list.length);
  const length = isLongest ? Math.max(...lengths) : Math.min(...lengths);
  const fill = call.kwargs.fillvalue ?? null;
  return Array.from({ length }, (_, i) => lists.map((list) => (i < list.length ? list[i] : fill)));
}

function selectByTest(input: unknown, call: FilterCall, isKept: boolean): unknown[] {
  const [test, ...args] = call.args;
  if (test !== undefined && typeof test !== 'string') throw new EvalFailure(`${call.name}: the test must be a name`);
  return expectList(input, call.name).filter(
    (item) => (test === undefined ? isTruthy(item) : applyTest(test, item, args, call.kwargs)) === isKept
  );
}

const reverse: Filter = (input) => {
  if (typeof input === 'string') return [...input].reverse().join('');
  return [...expectList(input, 'reverse')].reverse();
};

const LIST_MERGES = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

function mergeLists(left: unknown[], right: unknown[], how: string): unknown[] {
  switch (how) {
    case 'keep':
      return left;
    case 'append':
      return [...left, ...right];
    case 'prepend':
      return [...right, ...left];
    case 'append_rp':
      return [...left.filter((item) => !has(right, item)), ...right];
    case 'prepend_rp':
      return [...right, ...left.filter((item) => !has(right, item))];
    default:
      return right;
  }
}

/** Ansible's merge_hash: later keys win; nested dicts merge with `recursive`; lists as `list_merge` says. */
function mergeDicts(left: Dict, right: Dict, isRecursive: boolean, listMerge: string): Dict {
  const out: Dict = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = out[key];
    if (!Object.hasOwn(out, key)) out[key] = value;
    else if (isDict(current) && isDict(value))
      out[key] = isRecursive ? mergeDicts(current, value, true, listMerge) : value;
    else if (Array.isArray(current) && Array.isArray(value)) out[key] = mergeLists(current, value, listMerge);
    else out[key] = value;
  }
  return out;
}

const combine: Filter = (input, call) => {
  const dicts = [input, ...call.args].flatMap((item): unknown[] => (Array.isArray(item) ? item : [item]));
  const listMerge = toText(call.kwargs.list_merge ?? 'replace');
  if (!LIST_MERGES.includes(listMerge)) {
    throw new EvalFailure(`combine: list_merge must be one of ${LIST_MERGES.join(', ')}, got "${listMerge}"`);
  }
  const isRecursive = isTruthy(call.kwargs.recursive ?? false);
  return dicts.reduce<Dict>((merged, item) => {
    if (!isDict(item)) throw new EvalFailure(`combine expects dicts, got ${typeName(item)}`);
    return mergeDicts(merged, item, isRecursive, listMerge);
  }, {});
};

function otherList(call: FilterCall): unknown[] {
  return expectList(argument(call, 0, 'other'), call.name);
}

export const SET_FILTERS: Record<string, Filter> = {
  flatten,
  zip: (input, call) => zipLists(input, call, false),
  zip_longest: (input, call) => zipLists(input, call, true),
  difference: (input, call) => uniqueItems(expectList(input, call.name).filter((x) => !has(otherList(call), x))),
  intersect: (input, call) => uniqueItems(expectList(input, call.name).filter((x) => has(otherList(call), x))),
  union: (input, call) => uniqueItems([...expectList(input, call.name), ...otherList(call)]),
  symmetric_difference: (input, call) => {
    const [left, right] = [expectList(input, call.name), otherList(call)];
    const both = left.filter((x) => has(right, x));
    return uniqueItems([...left, ...right]).filter((x) => !has(both, x));
  },
  select: (input, call) => selectByTest(input, call, true),
  reject: (input, call) => selectByTest(input, call, false),
  reverse,
  combine,
};
