/** The engine client for an inventory: its URL, user, password reference, CA file; read-only in dry-run. */
import type { Inventory } from '../inventory/types';
import { createOlvmClient } from './client';
import { OlvmConfigError } from './errors';
import { resolvePasswordRef } from './secret-ref';
import type { OlvmClient, OlvmClientConfig } from './types';

export interface InventoryClientOptions
  extends Pick<OlvmClientConfig, 'concurrency' | 'timeoutMs' | 'retry' | 'onWarning' | 'onRequest'> {
  isDryRun: boolean;
}

export function createOlvmClientFromInventory(inventory: Inventory, options: InventoryClientOptions): OlvmClient {
  const engine = inventory.engine;
  if (!engine.password) {
    throw new OlvmConfigError(
      `${inventory.path}: engine.password is missing`,
      'set engine.password to env:NAME or file:PATH'
    );
  }
  const { isDryRun, ...rest } = options;
  return createOlvmClient({
    ...rest,
    url: engine.url,
    username: engine.username,
    password: resolvePasswordRef(engine.password.ref),
    ...(engine.caFile !== undefined ? { caFile: engine.caFile } : {}),
    insecure: engine.insecure,
    isReadOnly: isDryRun,
  });
}
