/**
 * The services a run hands its modules: the SSH pool (one connection per host for the run) and the engine API
 * client (created on first use, read-only in dry-run), both closed at the run's end.
 */
import type { Inventory } from '../inventory/types';
import type { ModuleServices } from '../modules/services';
import { createOlvmClientFromInventory } from '../olvm';
import type { OlvmClient } from '../olvm';
import { createSshPool } from '../ssh';

export interface RunServices extends ModuleServices {
  close(): Promise<void>;
}

export interface ServiceOptions {
  isDryRun: boolean;
  /** Where the engine client's warnings go (TLS verification off, a failed logout). */
  onWarning?: (message: string) => void;
}

export function createServices(inventory: Inventory, options: ServiceOptions): RunServices {
  const ssh = createSshPool(inventory, { isDryRun: options.isDryRun });
  let engine: Promise<OlvmClient> | undefined;
  const openEngine = (): Promise<OlvmClient> => {
    engine ??= createOlvmClientFromInventory(inventory, {
      isDryRun: options.isDryRun,
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    }).catch((error: unknown) => {
      engine = undefined;
      throw error;
    });
    return engine;
  };
  return {
    ssh: (host) => ssh.session(host),
    engine: openEngine,
    close: async () => {
      const client = await engine?.catch(() => undefined);
      await Promise.all([ssh.close(), client?.close()]);
    },
  };
}
