/**
 * The services a run hands its modules. SSH and the engine API are wired by their layers; until then asking
 * for them is a clear error rather than a silent stub.
 */
import type { Inventory } from '../inventory/types';
import type { ModuleServices } from '../modules/services';
import { ExitCode, RunbookError } from '../shared/errors';

export class ServiceNotWiredError extends RunbookError {
  constructor(what: string) {
    super(`${what} not wired yet`, {
      code: 'SERVICE_NOT_WIRED',
      exitCode: ExitCode.CONNECTION,
      hint: 'This build can run local steps (echo, assert, wait, pause, local.command) only.',
    });
  }
}

export interface RunServices extends ModuleServices {
  close(): Promise<void>;
}

export function createServices(_inventory: Inventory, _options: { isDryRun: boolean }): RunServices {
  return {
    ssh: () => Promise.reject(new ServiceNotWiredError('ssh transport')),
    engine: () => Promise.reject(new ServiceNotWiredError('engine API client')),
    close: () => Promise.resolve(),
  };
}
