/** A ModuleContext for calling a module's plan/apply directly in tests. */
import type { HostEntry, Inventory } from '../../src/inventory/types';
import type { ModuleServices } from '../../src/modules/services';
import type { ModuleContext } from '../../src/modules/types';
import { makeInventory } from './inventory';

export interface TestModuleContext extends ModuleContext {
  readonly lines: string[];
  /** Progress lines (the live view's). */
  readonly progressLines: string[];
  readonly warnings: string[];
}

export interface MakeModuleContextOptions {
  stepId?: string;
  target?: HostEntry;
  inventory?: Inventory;
  isDryRun?: boolean;
  /** Where local paths in arguments resolve (default: the current directory). */
  baseDir?: string;
  services?: Partial<ModuleServices>;
  signal?: AbortSignal;
  /** How `ctx.evaluate` answers (default: refuses, naming the expression). */
  evaluate?: (expression: string) => unknown;
  /** How the operator answers `ctx.confirm` (default: refuses). */
  confirm?: (question: string) => Promise<boolean>;
}

function refuse(what: string): never {
  throw new Error(`this test gave the module no ${what} service`);
}

export function makeModuleContext(options: MakeModuleContextOptions = {}): TestModuleContext {
  const lines: string[] = [];
  const warnings: string[] = [];
  const progressLines: string[] = [];
  let n = 0;
  const stepId = options.stepId ?? 'test-step';
  return {
    stepId,
    target: options.target,
    inventory: options.inventory ?? makeInventory(),
    isDryRun: options.isDryRun ?? false,
    baseDir: options.baseDir ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
    services: {
      ssh: options.services?.ssh ?? (() => refuse('ssh')),
      engine: options.services?.engine ?? (() => refuse('engine')),
    },
    output: (line) => lines.push(line),
    progress: (line) => progressLines.push(line),
    warn: (message) => warnings.push(message),
    correlationId: () => `${stepId}-${++n}`,
    evaluate: options.evaluate ?? ((expression) => refuse(`evaluate (asked for "${expression}")`)),
    confirm: options.confirm ?? (() => refuse('operator to confirm')),
    waiting: (work) => work(),
    lines,
    progressLines,
    warnings,
  };
}
