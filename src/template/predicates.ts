/** Tests: `x is defined`, `x is not none`, `x is match('^db-')`, `selectattr('site', 'equalto', 'primary')`. */
import { describeAlternatives } from '../shared/suggest';
import { EvalFailure } from './errors';
import { compilePython } from './regex';
import { compareValues, deepEqual, isDict, toText, typeName } from './values';
import { testVersion } from './version';

/** `value` is undefined (JS) when it is missing; only `defined`/`undefined` are given missing values. */
export type TemplateTest = (value: unknown, args: unknown[], kwargs: Record<string, unknown>) => boolean;

/** `match` is anchored at the start (Python's re.match); `search` finds the pattern anywhere. */
function testRegex(isAnchored: boolean): TemplateTest {
  return (value, [pattern, ignorecase, multiline], kwargs) => {
    const flags = { ignorecase: ignorecase ?? kwargs.ignorecase, multiline: multiline ?? kwargs.multiline };
    const regex = compilePython(pattern ?? kwargs.pattern ?? '', flags, isAnchored ? 'match' : 'search', true);
    const text = toText(value);
    if (!isAnchored) return regex.test(text);
    const match = regex.exec(text);
    return match !== null && match.index === 0;
  };
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new EvalFailure(`"in <string>" needs a string, got ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, item));
  if (isDict(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw new EvalFailure(`"in" needs a string, list or dict on the right, got ${typeName(container)}`);
}

const isEqual: TemplateTest = (v, [other]) => deepEqual(v, other);
const isNotEqual: TemplateTest = (v, [other]) => !deepEqual(v, other);
const isLess: TemplateTest = (v, [other]) => compareValues(v, other) < 0;
const isLessOrEqual: TemplateTest = (v, [other]) => compareValues(v, other) <= 0;
const isGreater: TemplateTest = (v, [other]) => compareValues(v, other) > 0;
const isGreaterOrEqual: TemplateTest = (v, [other]) => compareValues(v, other) >= 0;

export const TESTS: Record<string, TemplateTest> = {
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => isDict(v),
  sequence: (v) => Array.isArray(v) || typeof v === 'string',
  true: (v) => v === true,
  false: (v) => v === false,
  even: (v) => typeof v === 'number' && v % 2 === 0,
  odd: (v) => typeof v === 'number' && Math.abs(v % 2) === 1,
  divisibleby: (v, [n]) => typeof v === 'number' && typeof n === 'number' && n !== 0 && v % n === 0,
  equalto: isEqual,
  eq: isEqual,
  '==': isEqual,
  ne: isNotEqual,
  '!=': isNotEqual,
  lt: isLess,
  '<': isLess,
  le: isLessOrEqual,
  '<=': isLessOrEqual,
  gt: isGreater,
  '>': isGreater,
  ge: isGreaterOrEqual,
  '>=': isGreaterOrEqual,
  in: (v, [container]) => contains(container, v),
  match: testRegex(true),
  search: testRegex(false),
  regex: (v, args, kwargs) => testRegex(kwargs.match_type === 'match')(v, args, kwargs),
  version: testVersion,
  version_compare: testVersion,
};

/** Tests that accept a missing value instead of failing on it. */
export const GUARD_TESTS = new Set(['defined', 'undefined']);

export function containsValue(container: unknown, item: unknown): boolean {
  return contains(container, item);
}

export function applyTest(
  name: string,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown> = {}
): boolean {
  const test = Object.hasOwn(TESTS, name) ? TESTS[name] : undefined;
  if (!test) throw new EvalFailure(`unknown test "${name}"${describeAlternatives(name, Object.keys(TESTS))}`);
  if (value === undefined && !GUARD_TESTS.has(name)) return false;
  return test(value, args, kwargs);
}
