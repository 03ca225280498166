/**
 * Checks a step's rendered arguments against its module's JSON Schema, coercing where the schema says so
 * (`"8"` becomes 8 where an integer is expected). Every problem is reported at once, as `args.path must …`.
 */
import type { ErrorObject } from 'ajv';
import type { StepModule } from '../modules/types';
import { moduleSchemaSpec } from '../runbook/validators';
import { SchemaMode, validatorOf } from '../shared/validators';
import { InvalidArgsError } from './errors';

/** Validates (and coerces, in place) `args`; throws InvalidArgsError naming the step, the target and each path. */
export function validateArgs(
  module: StepModule<unknown, unknown>,
  args: unknown,
  stepId: string,
  target: string | undefined
): void {
  const validate = validatorOf(moduleSchemaSpec(module.name, module.schema, SchemaMode.COERCE));
  if (validate(args)) return;
  throw new InvalidArgsError(stepId, target, describeErrors(validate.errors ?? []));
}

export function describeErrors(errors: readonly ErrorObject[]): string[] {
  const hasAlternatives = errors.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const relevant = hasAlternatives ? errors.filter((e) => !/\/(anyOf|oneOf)\//.test(e.schemaPath)) : errors;
  return [...new Set(relevant.map(describeError))];
}

function pathOf(instancePath: string): string {
  const parts = instancePath.split('/').slice(1);
  return parts.reduce(
    (path, part) =>
      /^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`,
    'args'
  );
}

function describeError(error: ErrorObject): string {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${path} must be ${String(params.type).split(',').join(' or ')}`;
    case 'required':
      return `${path}.${String(params.missingProperty)} is required`;
    case 'additionalProperties':
      return `${path} has unknown property "${String(params.additionalProperty)}"${knownProperties(error)}`;
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
    case 'oneOf':
      return `${path} matches none of the allowed forms`;
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

function knownProperties(error: ErrorObject): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const names = properties ? Object.keys(properties) : [];
  return names.length > 0 ? ` (known: ${names.join(', ')})` : '';
}
