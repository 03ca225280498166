/**
 * Where runbook finds things when it runs outside its checkout. A project is the directory of the nearest
 * `runbook.config.yaml` (the working directory or a parent; `runbook init` writes one), else the working
 * directory. The inventory a command uses: `-i`, else $RUNBOOK_INVENTORY, else the config's `inventory`, else the
 * project's `inventories/lab.yaml`, else the lab inventory shipped with runbook. A bare runbook name
 * (`dr-drill`, `dr-drill.yaml`) is looked up in the project's runbooks directory, then in the shipped runbooks.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { ValidationError } from '../shared/errors';
import { DocumentProblems, throwIfProblems } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { SchemaMode, validatorOf } from '../shared/validators';
import type { SchemaSpec } from '../shared/validators';
import { parseYaml } from '../shared/yaml-source';

export const CONFIG_FILE = 'runbook.config.yaml';
export const INVENTORY_ENV = 'RUNBOOK_INVENTORY';

/** The directory runbook is installed in (its runbooks/, inventories/ and schemas/). */
export const PACKAGE_ROOT = nodePath.join(__dirname, '..', '..');

export const InventorySource = {
  OPTION: '-i',
  ENV: INVENTORY_ENV,
  CONFIG: CONFIG_FILE,
  PROJECT: 'the project',
  SHIPPED: 'the shipped lab inventory',
} as const;
export type InventorySource = (typeof InventorySource)[keyof typeof InventorySource];

export interface Project {
  /** The directory of the config file, or the working directory. */
  root: string;
  configPath?: string;
  /** Where bare runbook names are looked up, in order. */
  runbookDirs: string[];
  /** The inventory without `-i`, and what chose it. */
  defaultInventory: { path: string; source: InventorySource };
}

/** runbook.config.yaml's schema (precompiled by `npm run build` with the others: src/cli/build-validators.ts). */
export const CONFIG_SCHEMA_SPEC: SchemaSpec = {
  key: 'config',
  mode: SchemaMode.CHECK,
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      inventory: { type: 'string', minLength: 1, description: 'The default inventory, relative to this file.' },
      runbooks: { type: 'string', minLength: 1, description: 'Where bare runbook names are looked up first.' },
    },
  },
};

interface Config {
  inventory?: string;
  runbooks?: string;
}

function findConfig(cwd: string): string | undefined {
  for (let dir = nodePath.resolve(cwd); ; dir = nodePath.dirname(dir)) {
    const candidate = nodePath.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (nodePath.dirname(dir) === dir) return undefined;
  }
}

/** Reads and checks the config file; every problem at once, with file:line:col. */
function readConfig(path: string): Config {
  const text = readFileSync(path, 'utf8');
  const parsed = parseYaml(text, path);
  if (!parsed.isOk) throw new ValidationError([parsed.problem]);
  if (parsed.data === null || parsed.data === undefined) return {};
  const problems = new DocumentProblems(path, parsed.positions);
  for (const p of checkSchema(validatorOf(CONFIG_SCHEMA_SPEC), parsed.data)) {
    if (p.isKey) problems.atKey(p.path, p.message);
    else problems.atValue(p.path, p.message);
  }
  throwIfProblems(problems.sink, `see \`runbook init --help\` for what ${CONFIG_FILE} holds`);
  return parsed.data as Config;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function findProject(cwd: string, env: NodeJS.ProcessEnv): Project {
  const configPath = findConfig(cwd);
  const config = configPath ? readConfig(configPath) : {};
  const root = configPath ? nodePath.dirname(configPath) : nodePath.resolve(cwd);
  const runbookDirs = [nodePath.resolve(root, config.runbooks ?? 'runbooks'), nodePath.join(PACKAGE_ROOT, 'runbooks')];
  return {
    root,
    ...(configPath ? { configPath } : {}),
    runbookDirs: [...new Set(runbookDirs)],
    defaultInventory: chooseInventory(cwd, root, config, env),
  };
}

function chooseInventory(
  cwd: string,
  root: string,
  config: Config,
  env: NodeJS.ProcessEnv
): Project['defaultInventory'] {
  const fromEnv = env[INVENTORY_ENV];
  if (fromEnv) return { path: nodePath.resolve(cwd, fromEnv), source: InventorySource.ENV };
  if (config.inventory) return { path: nodePath.resolve(root, config.inventory), source: InventorySource.CONFIG };
  const local = nodePath.join(root, 'inventories', 'lab.yaml');
  if (isFile(local)) return { path: local, source: InventorySource.PROJECT };
  return { path: nodePath.join(PACKAGE_ROOT, 'inventories', 'lab.yaml'), source: InventorySource.SHIPPED };
}

/** The inventory a command uses: `-i` (relative to the working directory), else the project's default. */
export function resolveInventoryPath(option: string | undefined, cwd: string, env: NodeJS.ProcessEnv): string {
  if (option !== undefined) return nodePath.resolve(cwd, option);
  return findProject(cwd, env).defaultInventory.path;
}
