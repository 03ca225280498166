/**
 * Template errors. The evaluator throws `EvalFailure` (no context); the public entry points wrap it into a
 * `TemplateError` naming the step, the field and the expression.
 */
import { RunbookError } from '../shared/errors';

export interface TemplateWhere {
  stepId?: string;
  /** Where in the step the template is written, e.g. `when` or `olvm.host.address`. */
  field?: string;
}

export interface TemplateErrorContext extends TemplateWhere {
  /** The expression as written, shown as `{{ expr }}`. */
  expression: string;
  /** For syntax errors: the offset of the problem in the template text. */
  offset?: number;
  cause?: unknown;
}

/** A template could not be parsed or evaluated. */
export class TemplateError extends RunbookError {
  readonly expression: string;
  readonly stepId: string | undefined;
  readonly field: string | undefined;
  readonly offset: number | undefined;
  /** The message without the step prefix and the expression. */
  readonly detail: string;

  constructor(detail: string, context: TemplateErrorContext, code = 'TEMPLATE_ERROR') {
    super(describeTemplateError(detail, context), { code, isRetryable: false, cause: context.cause });
    this.detail = detail;
    this.expression = context.expression;
    this.stepId = context.stepId;
    this.field = context.field;
    this.offset = context.offset;
  }
}

/**
 * A name or attribute the template needs is not defined. (`variable`, not `name`: `name` is the error class name.)
 */
export class UndefinedVariableError extends TemplateError {
  /** The missing variable, or the dotted path of the missing attribute (`host.adress`). */
  readonly variable: string;

  constructor(variable: string, detail: string, context: TemplateErrorContext) {
    super(detail, context, 'TEMPLATE_UNDEFINED');
    this.variable = variable;
  }
}

function describeTemplateError(detail: string, context: TemplateErrorContext): string {
  const field = context.field ? ` ${context.field}` : '';
  const prefix = context.stepId !== undefined ? `step "${context.stepId}"${field}: ` : field ? `${field.trim()}: ` : '';
  return `${prefix}${detail} in ${showExpression(context.expression)}`;
}

/** `{{ expr }}` for a bare expression; a template as written otherwise. */
export function showExpression(expression: string): string {
  const text = expression.trim();
  return /\{[{%#]/.test(text) ? text : `{{ ${text} }}`;
}

/** Raised inside the evaluator; carries no context yet. */
export class EvalFailure extends Error {
  /** Set when the failure is a missing value: `default()` and `is defined` catch only these. */
  readonly missing: string | undefined;
  constructor(detail: string, missing?: string) {
    super(detail);
    this.name = 'EvalFailure';
    this.missing = missing;
  }
}

/** A template's syntax error, before it is given context. */
export class SyntaxFailure extends Error {
  readonly offset: number;
  constructor(detail: string, offset: number) {
    super(detail);
    this.name = 'SyntaxFailure';
    this.offset = offset;
  }
}
