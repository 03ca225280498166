/**
 * `runbook validate FILE... [-i INVENTORY]`: checks runbooks and inventories (told apart by content, else by
 * location), prints one line per valid file, and throws every problem of every file as one ValidationError.
 */
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { modules } from '../modules/registry';
import { loadRunbook, resolveRunbookPath } from '../runbook/load';
import type { Runbook } from '../runbook/types';
import { findProject } from './project';
import { ValidationError, type Problem } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { loadYaml } from '../shared/yaml-source';
import { validationError } from '../shared/problems';

export const DocumentKind = { RUNBOOK: 'runbook', INVENTORY: 'inventory' } as const;
export type DocumentKind = (typeof DocumentKind)[keyof typeof DocumentKind];

export interface ValidateOptions {
  /** An inventory to check runbook selectors and variables against. */
  inventory?: string;
  /** Where relative paths start (default: the process's working directory). */
  cwd?: string;
  /** Variables a run would get with `-e`: templates may use them although the runbook does not declare them. */
  extraVars?: Record<string, unknown>;
  /** The environment (for the project's runbook directories). */
  env?: NodeJS.ProcessEnv;
  write(text: string): void;
}

/** An inventory has `sites` or `engine` at the top; a runbook has `steps`; else an `inventories/` folder decides. */
export function detectKind(path: string): DocumentKind {
  try {
    const data = loadYaml(readFileSync(path, 'utf8'), path) as Record<string, unknown> | null;
    if (data && typeof data === 'object' && ('sites' in data || 'engine' in data)) return DocumentKind.INVENTORY;
    if (data && typeof data === 'object' && 'steps' in data) return DocumentKind.RUNBOOK;
  } catch {
    // Unreadable or not YAML: the loader reports why.
  }
  return nodePath.resolve(path).split(nodePath.sep).includes('inventories')
    ? DocumentKind.INVENTORY
    : DocumentKind.RUNBOOK;
}

export async function validateFiles(files: readonly string[], options: ValidateOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  const problems: Problem[] = [];
  const inventoryPath = options.inventory === undefined ? undefined : nodePath.resolve(cwd, options.inventory);
  const inventory = inventoryPath ? await collect(() => loadInventory(inventoryPath), problems) : undefined;
  for (const file of files) {
    const path = nodePath.resolve(cwd, file);
    if (path === inventoryPath) {
      if (inventory) options.write(describeInventory(inventory));
      continue;
    }
    if (detectKind(path) === DocumentKind.INVENTORY) {
      const loaded = await collect(() => loadInventory(path), problems);
      if (loaded) options.write(describeInventory(loaded));
    } else {
      const runbookPath = resolveRunbookPath(file, cwd, findProject(cwd, options.env ?? {}).runbookDirs);
      const loaded = await collect(
        () => loadRunbook(runbookPath, { modules, extraVars: options.extraVars, ...(inventory ? { inventory } : {}) }),
        problems
      );
      if (loaded) options.write(describeRunbook(loaded));
    }
  }
  if (problems.length > 0) throw validationError(problems);
}

/** The ok line, then every step id with its module and tags (what --start-at, --only and --tags take). */
function describeRunbook(runbook: Runbook): string {
  const { steps } = runbook;
  const head = `ok  ${displayPath(runbook.path)}: runbook "${runbook.name}", ${steps.length} step${steps.length === 1 ? '' : 's'}`;
  const width = Math.max(0, ...steps.map((step) => step.id.length));
  const moduleWidth = Math.max(0, ...steps.map((step) => step.module.length));
  const lines = steps.map((step) => {
    const tags = step.tags.length > 0 ? `  [${step.tags.join(', ')}]` : '';
    return `      ${step.id.padEnd(width)}  ${tags ? step.module.padEnd(moduleWidth) : step.module}${tags}`;
  });
  return `${[head, ...lines].join('\n')}\n`;
}

function describeInventory(inventory: Inventory): string {
  const hosts = Object.keys(inventory.hosts).length;
  return `ok  ${displayPath(inventory.path)}: inventory "${inventory.name}", ${hosts} hosts, ${inventory.vms.length} VMs\n`;
}

/** Runs a loader; its ValidationError's problems join `problems`. */
async function collect<T>(loadDocument: () => Promise<T>, problems: Problem[]): Promise<T | undefined> {
  try {
    return await loadDocument();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
