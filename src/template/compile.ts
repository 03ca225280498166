/**
 * Compiles a template (text with `{{ expressions }}`, `{% block tags %}` and `{# comments #}`) into a tree, and a
 * bare condition into an expression; both cached by text.
 */
import type { BlockNode, Node } from './ast';
import { parseBlocks } from './blocks';
import { SyntaxFailure } from './errors';
import { lexExpression, type Token } from './lexer';
import { parseTokens } from './parser';
import { scanTemplate } from './scan';

export interface CompiledTemplate {
  body: BlockNode[];
  /** Block tags or comments were written: the result is always text. */
  hasBlocks: boolean;
}

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

const compileTemplateCached = memoizeByText(compileTemplateUncached);
const compileExpressionCached = memoizeByText(compileExpressionUncached);

/** Whether text is a template: it has `{{`, `{%` or `{#` (as in Jinja2, a lone `{#` starts a comment). */
export function isTemplateText(text: string): boolean {
  return /\{[{%#]/.test(text);
}

/** The tree of a template; throws `SyntaxFailure` with the offset of the problem. */
export function compileTemplate(text: string): CompiledTemplate {
  return compileTemplateCached(text);
}

function compileTemplateUncached(text: string): CompiledTemplate {
  try {
    const { pieces, hasBlocks } = scanTemplate(text);
    return { body: parseBlocks(pieces), hasBlocks };
  } catch (error) {
    if (error instanceof RangeError) throw new SyntaxFailure('expression too deeply nested', 0);
    throw error;
  }
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
  if (!trimmed.includes('{{') && !/^\{[%#]/.test(trimmed)) {
    const { tokens } = lexExpression(text, 0);
    return { node: parseBounded(tokens, 0), source: trimmed };
  }
  const { body, hasBlocks } = compileTemplate(text);
  if (hasBlocks) {
    const at = Math.max(0, text.search(/\{[%#]/));
    throw new SyntaxFailure(
      'a condition is one expression: block tags and comments are not allowed here (write `a if b else c`)',
      at
    );
  }
  const expressions = body.filter((n) => n.kind === 'output');
  const hasText = body.some((n) => n.kind === 'text' && n.text.trim() !== '');
  const first = expressions[0];
  if (expressions.length !== 1 || hasText || !first) {
    throw new SyntaxFailure('expected one expression, either bare or as a single "{{ … }}"', 0);
  }
  return { node: first.node, source: first.source };
}
