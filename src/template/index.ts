/**
 * The template language: Jinja2's `{{ expressions }}` with filters and tests, and its block tags (`{% if %}`,
 * `{% for %}`, `{% set %}`, `{# comments #}`, `{% raw %}`), parsed and evaluated by hand (never `eval`).
 * `renderValue` renders a step's arguments; `evaluate` reads `when`, `until` and `loop`. The language is
 * documented in docs/runbook-format.md.
 */
import type { Node } from './ast';
import { collectBlockNames, collectNames, findStaticProblems, type StaticProblem } from './analyze';
import { blockExpressions } from './blocks';
import { compileExpression, compileTemplate, isTemplateText } from './compile';
import { EvalFailure, SyntaxFailure, TemplateError, UndefinedVariableError, type TemplateWhere } from './errors';
import { evaluateNode } from './evaluate';
import { PlacedFailure, renderBlocks } from './render-blocks';
import type { Dict } from './values';

export { TemplateError, UndefinedVariableError, type TemplateWhere } from './errors';
export { quoteShellWord } from './quote';

/** Whether a string contains a `{{ }}` expression. */
export function isTemplate(s: string): boolean {
  return isTemplateText(s);
}

/**
 * Renders every string inside a value (arrays and objects deeply). A string that is exactly one `{{ expr }}`
 * yields the expression's typed value; text mixed with expressions yields a string.
 */
export function renderValue(value: unknown, scope: Record<string, unknown>, where: TemplateWhere = {}): unknown {
  return renderAt(value, scope, where, '');
}

function renderAt(value: unknown, scope: Dict, where: TemplateWhere, path: string): unknown {
  if (typeof value === 'string')
    return isTemplateText(value) ? renderString(value, scope, fieldAt(where, path)) : value;
  if (Array.isArray(value)) return value.map((item, i) => renderAt(item, scope, where, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const out: Dict = {};
  for (const [key, item] of Object.entries(value as Dict)) {
    out[key] = renderAt(item, scope, where, path ? `${path}.${key}` : key);
  }
  return out;
}

function fieldAt(where: TemplateWhere, path: string): TemplateWhere {
  if (!path) return where;
  const field = where.field ? `${where.field}${path.startsWith('[') ? '' : '.'}${path}` : path;
  return { ...where, field };
}

function renderString(text: string, scope: Dict, where: TemplateWhere): unknown {
  const { body, hasBlocks } = compileOrThrow(() => compileTemplate(text), text, where);
  const only = body[0];
  try {
    if (!hasBlocks && body.length === 1 && only?.kind === 'output') return evaluateNode(only.node, scope);
    return renderBlocks(body, scope);
  } catch (error) {
    if (error instanceof PlacedFailure) throw contextualize(error.failure, error.source, where, error.offset);
    throw contextualize(error, only?.kind === 'output' ? only.source : text, where);
  }
}

/** Evaluates a condition or list expression: bare (`x > 1`) or wrapped whole in `{{ }}`. */
export function evaluate(expr: string, scope: Record<string, unknown>, where: TemplateWhere = {}): unknown {
  const { node, source } = compileOrThrow(() => compileExpression(expr), expr, where);
  try {
    return evaluateNode(node, scope);
  } catch (error) {
    throw contextualize(error, source, where);
  }
}

function compileOrThrow<T>(compile: () => T, text: string, where: TemplateWhere): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      const expression = templateExcerpt(text, error.offset);
      throw new TemplateError(`syntax error: ${error.message}`, { ...where, expression, offset: error.offset });
    }
    throw error;
  }
}

/** A one-line template as it is; of a longer one, the line with the problem (for messages). */
export function templateExcerpt(text: string, offset: number): string {
  if (!text.includes('\n')) return text;
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = text.indexOf('\n', offset);
  const line = text.slice(start, end < 0 ? undefined : end).trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function contextualize(error: unknown, expression: string, where: TemplateWhere, offset?: number): unknown {
  const context = { ...where, expression, ...(offset !== undefined ? { offset } : {}) };
  if (error instanceof RangeError) return new TemplateError('expression too deeply nested', context);
  if (!(error instanceof EvalFailure)) return error;
  if (error.missing !== undefined) return new UndefinedVariableError(error.missing, error.message, context);
  return new TemplateError(error.message, context);
}

function expressionNodes(s: string): Node[] {
  return isTemplateText(s) ? blockExpressions(compileTemplate(s).body) : [compileExpression(s).node];
}

/**
 * Top-level variable names a template (or bare expression) needs from its scope (names it binds itself with
 * `{% set %}` or `{% for %}` are left out); none if it does not parse.
 */
export function referencedNames(s: string): string[] {
  const names = new Set<string>();
  try {
    if (isTemplateText(s)) collectBlockNames(compileTemplate(s).body, names);
    else collectNames(compileExpression(s).node, names);
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
  }
  return [...names];
}

/**
 * The syntax problem of a condition (`when`, `until`): a bare expression, or one `{{ }}` with nothing around it.
 */
export function checkExpressionSyntax(s: string): { message: string; offset: number } | undefined {
  try {
    const problems: StaticProblem[] = [];
    findStaticProblems(compileExpression(s).node, problems);
    return problems[0];
  } catch (error) {
    if (error instanceof SyntaxFailure) return { message: error.message, offset: error.offset };
    throw error;
  }
}

/**
 * The first syntax problem of a template (or bare expression), including unknown filters and tests, with its
 * offset in `s`; undefined when it is well formed.
 */
export function checkTemplateSyntax(s: string): { message: string; offset: number } | undefined {
  try {
    const problems: StaticProblem[] = [];
    expressionNodes(s).forEach((node) => findStaticProblems(node, problems));
    return problems[0];
  } catch (error) {
    if (error instanceof SyntaxFailure) return { message: error.message, offset: error.offset };
    throw error;
  }
}
