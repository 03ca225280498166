/**
 * Dry-run placeholders. A task that would change something registers an unknown value instead of a result;
 * a later template that reads it cannot be evaluated, and the task that needs it is reported as `unknown`
 * ("depends on step X which would change in a real run") instead of failing.
 */

export const UNKNOWN_KEY = '__unknown';

export interface UnknownValue {
  readonly [UNKNOWN_KEY]: true;
  /** The step whose result this stands for. */
  readonly step: string;
}

export function makeUnknown(stepId: string): UnknownValue {
  return Object.freeze({ [UNKNOWN_KEY]: true, step: stepId }) as UnknownValue;
}

export function isUnknown(value: unknown): value is UnknownValue {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[UNKNOWN_KEY] === true;
}

/** The first unknown value inside a rendered value, if any. */
export function findUnknown(value: unknown, depth = 0): UnknownValue | undefined {
  if (value === null || typeof value !== 'object' || depth > 20) return undefined;
  if (isUnknown(value)) return value;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const item of items) {
    const found = findUnknown(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function unknownReason(stepId: string): string {
  return `depends on step "${stepId}" which would change in a real run`;
}

/** Thrown inside a task when its inputs are unknown in dry-run; the task finishes as an unknown plan. */
export class UnknownInputError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'UnknownInputError';
    this.reason = reason;
  }
}
