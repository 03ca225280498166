/**
 * What `exec` and `plan` load before anything runs: the project (src/cli/project.ts), the extra variables, the
 * inventory, the runbook, and the steps the selection options pick, each checked (unknown tags are warned about;
 * a selection that skips a step whose register a selected step reads is refused, naming it).
 */
import { resolve } from 'node:path';
import type { RunOptions } from '../engine/options';
import { prepareRun } from '../engine/prepare';
import type { PreparedStep } from '../engine/prepare';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { modules } from '../modules/registry';
import { loadRunbook, resolveRunbookPath } from '../runbook/load';
import type { Runbook } from '../runbook/types';
import { parseExtraVars } from './extra-vars';
import type { CliIo } from './io';
import { labStateDirOf } from './lab-attach';
import { findProject } from './project';
import { checkTags, describeSelection, findMissingRegisters, SkippedRegistersError } from './run-checks';

export type Selection = Pick<RunOptions, 'limit' | 'startAt' | 'only' | 'tags' | 'skipTags'>;

export interface InputOptions extends Selection {
  inventory?: string;
  extraVar: string[];
  /** `--resume`: registers come back from the journal, so `--start-at` needs none. */
  isResume: boolean;
  /** `--list-*`: nothing runs, so nothing needs a register. */
  isListing: boolean;
}

export interface RunInputs {
  inventory: Inventory;
  runbook: Runbook;
  prepared: PreparedStep[];
  /** One line each, for stderr. */
  warnings: string[];
}

export function selectionOf(options: Selection): Selection {
  const { limit, startAt, only, tags, skipTags } = options;
  return { limit, startAt, only, tags, skipTags };
}

export async function loadRunInputs(file: string, options: InputOptions, io: CliIo): Promise<RunInputs> {
  const project = findProject(io.cwd, io.env);
  const extraVars = parseExtraVars(options.extraVar, io.cwd);
  const inventoryPath =
    options.inventory !== undefined ? resolve(io.cwd, options.inventory) : project.defaultInventory.path;
  const inventory = await loadInventory(inventoryPath, { stateDir: labStateDirOf(io) });
  const runbookPath = resolveRunbookPath(file, io.cwd, project.runbookDirs);
  const runbook = await loadRunbook(runbookPath, { inventory, modules, extraVars });
  const prepared = prepareRun({ runbook, inventory, modules, ...selectionOf(options) });
  if (!options.isResume && !options.isListing) {
    const selected = new Set(prepared.map(({ step }) => step.id));
    const missing = findMissingRegisters(runbook.steps, selected, extraVars);
    if (missing.length > 0) throw new SkippedRegistersError(describeSelection(options), missing);
  }
  return { inventory, runbook, prepared, warnings: checkTags(runbook, options) };
}
