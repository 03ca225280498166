/** The values a task registers: the module's result with `changed` / `failed`, or a failure's partial result. */
import { UNKNOWN_KEY } from './unknown';

type Dict = Record<string, unknown>;

/** The registered value of a finished task: the module's result plus `changed` and `failed`. */
export function shapeRegistered(registered: unknown, isChanged: boolean): unknown {
  if (registered === null || typeof registered !== 'object' || Array.isArray(registered)) return registered;
  if (UNKNOWN_KEY in registered) return registered;
  const shaped: Dict = Object.assign({}, registered as Dict);
  shaped.changed = isChanged;
  shaped.failed = false;
  return shaped;
}

/** A failed task still registers: its partial result (rc, stdout of a failed command) plus the message. */
export function failedRegister(error: unknown, message: string): Dict {
  const partial = (error as { result?: unknown } | null)?.result;
  const base = partial !== null && typeof partial === 'object' && !Array.isArray(partial) ? (partial as Dict) : {};
  return { ...base, changed: false, failed: true, msg: message };
}

/** What a looped step registers for one target: every item's value, in item order. */
export function loopRegister(results: readonly unknown[]): Dict {
  return { results, changed: results.some(isChangedValue), failed: results.some(isFailedValue) };
}

function isChangedValue(value: unknown): boolean {
  return (value as Dict | null)?.changed === true;
}

function isFailedValue(value: unknown): boolean {
  return (value as Dict | null)?.failed === true;
}
