/** Splits a template into text and `{{ expression }}` segments and parses each expression, with a cache. */
import type { Node } from './ast';
import { SyntaxFailure } from './errors';
import { lexExpression, type Token } from './lexer';
import { parseTokens } from './parser';

export type Segment =
  | { kind: 'text'; text: string }
  | {
      kind: 'expression';
      /** The segment as written, `{{ host.address }}`. */
      source: string;
      node: Node;
      /** Offset of `{{` in the template. */
      offset: number;
    };

const CACHE_LIMIT = 2000;

/** Remembers `compute`'s result per text; starts over when it holds CACHE_LIMIT entries (bounded memory). */
function memoizeByText<T>(compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    const result = compute(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, result);
    return result;
  };
}

const compileTemplateCached = memoizeByText(splitTemplate);
const compileExpressionCached = memoizeByText(compileExpressionUncached);

export function isTemplateText(text: string): boolean {
  return text.includes('{{');
}

/** The segments of a template; throws `SyntaxFailure` with the offset of the problem. */
export function compileTemplate(text: string): Segment[] {
  return compileTemplateCached(text);
}

function splitTemplate(text: string): Segment[] {
  const segments: Segment[] = [];
  let position = 0;
  for (let open = text.indexOf('{{', position); open >= 0; open = text.indexOf('{{', position)) {
    if (open > position) segments.push({ kind: 'text', text: text.slice(position, open) });
    const { tokens, end } = lexExpression(text, open + 2, true);
    segments.push({
      kind: 'expression',
      source: text.slice(open, end),
      node: parseBounded(tokens, open),
      offset: open,
    });
    position = end;
  }
  if (position < text.length) segments.push({ kind: 'text', text: text.slice(position) });
  return segments;
}

/** Parses, turning a call-stack overflow (`not not not …` thousands deep) into a syntax error. */
function parseBounded(tokens: Token[], offset: number): Node {
  try {
    return parseTokens(tokens);
  } catch (error) {
    if (error instanceof RangeError) throw new SyntaxFailure('expression too deeply nested', offset);
    throw error;
  }
}

/** Parses a bare expression (`host.site == 'primary'`) or one wrapped whole in `{{ }}`. */
export function compileExpression(text: string): { node: Node; source: string } {
  return compileExpressionCached(text);
}

function compileExpressionUncached(text: string): { node: Node; source: string } {
  const trimmed = text.trim();
  if (!isTemplateText(trimmed)) {
    const { tokens } = lexExpression(text, 0, false);
    return { node: parseBounded(tokens, 0), source: trimmed };
  }
  const segments = compileTemplate(text);
  const expressions = segments.filter((s) => s.kind === 'expression');
  const hasText = segments.some((s) => s.kind === 'text' && s.text.trim() !== '');
  const first = expressions[0];
  if (expressions.length !== 1 || hasText || !first) {
    throw new SyntaxFailure('expected one expression, either bare or as a single "{{ … }}"', 0);
  }
  return { node: first.node, source: first.source };
}
