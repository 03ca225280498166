/** Filters over lists and dicts. */
import { EvalFailure } from '../errors';
import { applyTest } from '../predicates';
import { compareValues, deepEqual, expectList, isDict, isTruthy, toText, typeName } from '../values';
import { argument, lookupPath, requirePath, stringArgument, type Filter, type FilterCall } from './args';

function requireDict(input: unknown, name: string): Record<string, unknown> {
  if (!isDict(input)) throw new EvalFailure(`${name} expects a dict, got ${typeName(input)}`);
  return input;
}

const length: Filter = (input) => {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  if (isDict(input)) return Object.keys(input).length;
  throw new EvalFailure(`length expects a string, list or dict, got ${typeName(input)}`);
};

function pickEnd(input: unknown, call: FilterCall, isFirst: boolean): unknown {
  const items = typeof input === 'string' ? [...input] : expectList(input, call.name);
  if (items.length === 0) throw new EvalFailure(`${call.name} of an empty ${typeName(input)}`, call.name);
  return isFirst ? items[0] : items[items.length - 1];
}

/** The sort key of an item: the item itself or its `attribute`. */
function keyOf(item: unknown, call: FilterCall): unknown {
  const attribute = argument(call, -1, 'attribute');
  return typeof attribute === 'string' ? requirePath(item, attribute, call) : item;
}

const sort: Filter = (input, call) => {
  const isReverse = isTruthy(argument(call, 0, 'reverse', false));
  const sorted = [...expectList(input, 'sort')].sort((a, b) => compareValues(keyOf(a, call), keyOf(b, call)));
  return isReverse ? sorted.reverse() : sorted;
};

function extreme(input: unknown, call: FilterCall, sign: number): unknown {
  const items = expectList(input, call.name);
  if (items.length === 0) throw new EvalFailure(`${call.name} of an empty list`, call.name);
  return items.reduce((best, item) => (compareValues(keyOf(item, call), keyOf(best, call)) * sign > 0 ? item : best));
}

const sum: Filter = (input, call) => {
  const start = argument(call, 1, 'start', 0);
  return expectList(input, 'sum').reduce((total: unknown, item) => {
    const value = keyOf(item, call);
    if (typeof value !== 'number' || typeof total !== 'number') {
      throw new EvalFailure(`sum expects numbers, got ${typeName(value)}`);
    }
    return total + value;
  }, start);
};

const unique: Filter = (input) =>
  expectList(input, 'unique').filter((item, i, all) => all.findIndex((other) => deepEqual(other, item)) === i);

/** `selectattr('site', 'equalto', 'primary')`; without a test, the attribute's truthiness. */
function selectByAttribute(input: unknown, call: FilterCall, isKept: boolean): unknown[] {
  const path = stringArgument(call, 0, 'attribute');
  const testName = argument(call, 1, 'test');
  const testArgs = call.args.slice(2);
  return expectList(input, call.name).filter((item) => {
    const found = lookupPath(item, path);
    const value = found.isFound ? found.value : undefined;
    const isMatch = typeof testName === 'string' ? applyTest(testName, value, testArgs) : isTruthy(value);
    return isMatch === isKept;
  });
}

const join: Filter = (input, call) => {
  const separator = call.args.length > 0 || Object.hasOwn(call.kwargs, 'd') ? stringArgument(call, 0, 'd') : '';
  const attribute = argument(call, 1, 'attribute');
  const items = expectList(input, 'join');
  return items
    .map((item) => toText(typeof attribute === 'string' ? requirePath(item, attribute, call) : item))
    .join(separator);
};

const dictToItems: Filter = (input) =>
  Object.entries(requireDict(input, 'dict2items')).map(([key, value]) => ({ key, value }));

const itemsToDict: Filter = (input) => {
  const entries = expectList(input, 'items2dict').map((item) => {
    const dict = requireDict(item, 'items2dict');
    return [toText(dict.key), dict.value] as const;
  });
  return Object.fromEntries(entries);
};

export const COLLECTION_FILTERS: Record<string, Filter> = {
  length,
  count: length,
  first: (input, call) => pickEnd(input, call, true),
  last: (input, call) => pickEnd(input, call, false),
  keys: (input) => Object.keys(requireDict(input, 'keys')),
  values: (input) => Object.values(requireDict(input, 'values')),
  dict2items: dictToItems,
  items2dict: itemsToDict,
  list: (input) => [...expectList(input, 'list')],
  unique,
  sort,
  min: (input, call) => extreme(input, call, -1),
  max: (input, call) => extreme(input, call, 1),
  sum,
  join,
  selectattr: (input, call) => selectByAttribute(input, call, true),
  rejectattr: (input, call) => selectByAttribute(input, call, false),
};
