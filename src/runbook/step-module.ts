/** Finds a step's module key (every key that is not a step field) and checks there is exactly one, known. */
import type { DocumentProblems } from '../shared/problems';
import { describeAlternatives, suggestName } from '../shared/suggest';
import type { PathSegment } from '../shared/yaml-source';
import { checkModuleArgs, type ModuleSchemaEntry } from './module-args';
import { STEP_KEYS } from './schema';

/** The module name, or undefined when the step has none, several, or an unknown one (each reported). */
export function findStepModule(
  entry: Record<string, unknown>,
  path: PathSegment[],
  modules: Record<string, ModuleSchemaEntry> | undefined,
  problems: DocumentProblems
): string | undefined {
  const keys = Object.keys(entry).filter((key) => !STEP_KEYS.includes(key));
  const known = modules ? Object.keys(modules).sort() : undefined;
  const unknown = known ? keys.filter((key) => !known.includes(key)) : [];
  unknown.forEach((key) => problems.atKey([...path, key], describeUnknownKey(key, known ?? [])));
  const moduleKeys = keys.filter((key) => !unknown.includes(key));
  if (moduleKeys.length === 0 && unknown.length === 0) {
    problems.atValue(
      path,
      `no module: a step needs exactly one module key${known ? ` (known: ${known.join(', ')})` : ''}`
    );
  }
  if (moduleKeys.length > 1) {
    problems.atKey(
      [...path, moduleKeys[1] as string],
      `more than one module (${moduleKeys.join(', ')}): a step runs exactly one module; split it into steps`
    );
  }
  return moduleKeys.length === 1 && unknown.length === 0 ? moduleKeys[0] : undefined;
}

function describeUnknownKey(key: string, modules: string[]): string {
  const field = suggestName(key, STEP_KEYS);
  if (field !== undefined && suggestName(key, modules) === undefined)
    return `unknown key "${key}" (did you mean ${field}?)`;
  return `unknown module "${key}"${describeAlternatives(key, modules)}`;
}

/** Checks the module's arguments when the module's schema is known. */
export function checkStepArgs(
  entry: Record<string, unknown>,
  module: string,
  path: PathSegment[],
  modules: Record<string, ModuleSchemaEntry> | undefined,
  problems: DocumentProblems
): void {
  const definition = modules?.[module];
  if (definition) checkModuleArgs(entry[module] ?? {}, module, definition, [...path, module], problems);
}
