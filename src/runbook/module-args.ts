/**
 * Checks a step's module arguments against the module's JSON Schema. Values that are still templates are
 * skipped here: the engine checks them after rendering.
 */
import type { DocumentProblems } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { SchemaMode, validatorOf } from '../shared/validators';
import type { PathSegment } from '../shared/yaml-source';
import { isTemplate } from '../template';
import { moduleSchemaSpec } from './validators';

export interface ModuleSchemaEntry {
  schema: object;
  /** Arguments naming a local template file (relative to the runbook): its syntax is checked at load time. */
  localTemplates?: readonly string[];
}

/** Whether the value at `path` inside `args`, or anything on the way to it, is a template. */
function isTemplated(args: unknown, path: readonly PathSegment[]): boolean {
  let current: unknown = args;
  for (let i = 0; ; i++) {
    if (typeof current === 'string' && isTemplate(current)) return true;
    if (i >= path.length || current === null || typeof current !== 'object') return false;
    current = (current as Record<string | number, unknown>)[path[i] as string | number];
  }
}

export function checkModuleArgs(
  args: unknown,
  name: string,
  module: ModuleSchemaEntry,
  argsPath: PathSegment[],
  problems: DocumentProblems
): void {
  // An unknown key is wrong whatever its value; other problems wait for rendering when the value is a template.
  const found = checkSchema(validatorOf(moduleSchemaSpec(name, module.schema, SchemaMode.CHECK)), args, (p) =>
    isTemplated(args, p.isKey ? p.path.slice(0, -1) : p.path)
  );
  for (const problem of found) {
    const path = [...argsPath, ...problem.path];
    if (problem.isKey) problems.atKey(path, problem.message);
    else problems.atValue(path, problem.message);
  }
}
