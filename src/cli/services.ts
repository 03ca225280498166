/**
 * The services a run hands its modules: the SSH pool (one connection per host for the run, closed at its end)
 * and the engine API. A layer not wired yet is a clear error rather than a silent stub.
 */
import type { Inventory } from '../inventory/types';
import type { ModuleServices } from '../modules/services';
import { ExitCode, RunbookError } from '../shared/errors';
import { createSshPool } from '../ssh';

export class ServiceNotWiredError extends RunbookError {
  constructor(what: string) {
    super(`${what} not wired yet`, {
      code: 'SERVICE_NOT_WIRED',
      exitCode: ExitCode.CONNECTION,
      hint: 'This build can run local steps (echo, assert, wait, pause, local.command) and ssh.* steps only.',
    });
  }
}

export interface RunServices extends ModuleServices {
  close(): Promise<void>;
}

export function createServices(inventory: Inventory, options: { isDryRun: boolean }): RunServices {
  const ssh = createSshPool(inventory, { isDryRun: options.isDryRun });
  return {
    ssh: (host) => ssh.session(host),
    engine: () => Promise.reject(new ServiceNotWiredError('engine API client')),
    close: () => ssh.close(),
  };
}
