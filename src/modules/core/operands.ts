/**
 * The values a failed condition looked at: every variable path in the expression (`host.spm_priority`,
 * `out.rc`) with its value, so `assert` can say `out.rc == 0 (out.rc = 2)`.
 */
import type { ModuleContext } from '../types';

const WORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'in',
  'if',
  'else',
  'true',
  'false',
  'none',
  'null',
  'True',
  'False',
  'None',
]);
const STRING_LITERAL = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const PATH = /([|]\s*|\bis\s+(?:not\s+)?)?(?<![\w.\]])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)(\s*\()?/g;
const MAX_OPERANDS = 6;
const MAX_VALUE_CHARS = 80;

/** The variable paths an expression reads, in order, without filters, tests, functions and keywords. */
export function findOperands(expression: string): string[] {
  const text = expression.replace(STRING_LITERAL, '""');
  const found: string[] = [];
  for (const match of text.matchAll(PATH)) {
    const [, prefix, path, call] = match;
    if (prefix || call || !path || WORDS.has(path) || found.includes(path)) continue;
    found.push(path);
  }
  return found.slice(0, MAX_OPERANDS);
}

export function describeOperands(ctx: ModuleContext, expression: string): string {
  return findOperands(expression)
    .map((path) => `${path} = ${showValue(ctx, path)}`)
    .join(', ');
}

function showValue(ctx: ModuleContext, path: string): string {
  let value: unknown;
  try {
    value = ctx.evaluate(path);
  } catch {
    return 'undefined';
  }
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
