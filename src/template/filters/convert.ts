/** Filters that convert between types: int, float, bool, bytes, abs, round. */
import { parseBytes } from '../../shared/bytes';
import { EvalFailure } from '../errors';
import { describeValue, isTruthy, typeName } from '../values';
import { argument, type Filter, type FilterCall } from './args';

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'n', '']);

function failOrFallback(call: FilterCall, input: unknown, target: string): unknown {
  const fallback = argument(call, 0, 'default');
  if (fallback !== undefined) return fallback;
  throw new EvalFailure(`cannot convert ${typeName(input)} ${describeValue(input)} to ${target}`);
}

function toNumber(input: unknown): number | undefined {
  if (typeof input === 'number') return input;
  if (typeof input === 'boolean') return Number(input);
  if (typeof input === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(input)) return Number(input);
  return undefined;
}

const toInt: Filter = (input, call) => {
  const number = toNumber(input);
  return number === undefined ? failOrFallback(call, input, 'int') : Math.trunc(number);
};

const toFloat: Filter = (input, call) => {
  const number = toNumber(input);
  return number === undefined ? failOrFallback(call, input, 'float') : number;
};

const toBool: Filter = (input) => {
  if (typeof input === 'boolean') return input;
  if (input === null) return false;
  if (typeof input === 'number') return input !== 0;
  const word = typeof input === 'string' ? input.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return true;
  if (word !== undefined && FALSE_WORDS.has(word)) return false;
  throw new EvalFailure(`cannot convert ${typeName(input)} ${describeValue(input)} to bool`);
};

const toBytes: Filter = (input) => {
  const bytes = typeof input === 'string' || typeof input === 'number' ? parseBytes(input) : undefined;
  if (bytes === undefined) {
    throw new EvalFailure(`cannot read ${describeValue(input)} as a size (write e.g. 8GiB, 512MiB, 4096)`);
  }
  return bytes;
};

function requireNumber(input: unknown, name: string): number {
  if (typeof input !== 'number') throw new EvalFailure(`${name} expects a number, got ${typeName(input)}`);
  return input;
}

const round: Filter = (input, call) => {
  const digits = argument(call, 0, 'precision', 0);
  const factor = 10 ** (typeof digits === 'number' ? digits : 0);
  return Math.round(requireNumber(input, 'round') * factor) / factor;
};

/** `cond | ternary(a, b)`: a when true, b when false; with a third value, that one for none. */
const ternary: Filter = (input, call) => {
  const whenNone = argument(call, 2, 'none_val');
  if (input === null && whenNone !== undefined && whenNone !== null) return whenNone;
  return isTruthy(input) ? argument(call, 0, 'true_val', null) : argument(call, 1, 'false_val', null);
};

export const CONVERT_FILTERS: Record<string, Filter> = {
  ternary,
  int: toInt,
  float: toFloat,
  bool: toBool,
  bytes: toBytes,
  abs: (input) => Math.abs(requireNumber(input, 'abs')),
  round,
};
