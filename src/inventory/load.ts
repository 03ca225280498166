/**
 * Loads an inventory: read YAML -> JSON Schema -> rules -> normalize. Every problem is collected and thrown at
 * once as a ValidationError (`inventories/lab.yaml:12:7 vms[2].site: no site "tertiary" in inventory …`).
 */
import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { displayPath } from '../shared/paths';
import { DocumentProblems, throwIfProblems, validationError } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { SchemaMode, validatorOf } from '../shared/validators';
import type { SchemaSpec } from '../shared/validators';
import { parseYaml } from '../shared/yaml-source';
import { normalizeInventory } from './normalize';
import type { RawInventory } from './raw';
import { INVENTORY_RULES } from './rules';
import { inventorySchema } from './schema';
import type { Inventory } from './types';

export interface LoadInventoryOptions {
  /** Where the lab keeps its keys and admin password (default `<cwd>/.runbook/lab`). */
  stateDir?: string;
}

/** The inventory document's schema (compiled once, when first needed; generated at build time). */
export const INVENTORY_SCHEMA_SPEC: SchemaSpec = { key: 'inventory', schema: inventorySchema, mode: SchemaMode.CHECK };

export async function loadInventory(path: string, options: LoadInventoryOptions = {}): Promise<Inventory> {
  const absolute = nodePath.resolve(path);
  const file = displayPath(absolute);
  const text = await readDocument(absolute, file);
  return parseInventory(text, absolute, options);
}

/** Reads a document file; an unreadable file is a validation problem, not a crash. */
export async function readDocument(absolute: string, file: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`;
    throw validationError([{ file, message: reason }]);
  }
}

/** Validates and normalizes inventory text (the file is only named in messages). */
export function parseInventory(text: string, absolutePath: string, options: LoadInventoryOptions = {}): Inventory {
  const file = displayPath(absolutePath);
  const parsed = parseYaml(text, file);
  if (!parsed.isOk) throw validationError([parsed.problem]);
  if (parsed.data === undefined || parsed.data === null) {
    throw validationError([{ file, line: 1, column: 1, message: 'the inventory is empty' }]);
  }
  const problems = new DocumentProblems(file, parsed.positions);
  for (const problem of checkSchema(validatorOf(INVENTORY_SCHEMA_SPEC), parsed.data)) {
    if (problem.isKey) problems.atKey(problem.path, problem.message);
    else problems.atValue(problem.path, problem.message);
  }
  for (const rule of INVENTORY_RULES) rule(parsed.data, problems);
  throwIfProblems(problems.sink);
  const stateDir = nodePath.resolve(options.stateDir ?? nodePath.join(process.cwd(), '.runbook', 'lab'));
  const inventory = normalizeInventory(parsed.data as RawInventory, { path: absolutePath, stateDir }, problems);
  throwIfProblems(problems.sink);
  return inventory;
}
