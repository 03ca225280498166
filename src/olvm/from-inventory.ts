/** The engine client for an inventory: its URL, user, password reference, CA file; read-only in dry-run. */
import { resolveSecret } from '../inventory/secrets';
import type { Inventory } from '../inventory/types';
import { createOlvmClient } from './client';
import { OlvmConfigError } from './errors';
import type { OlvmClient, OlvmClientConfig } from './types';

export interface InventoryClientOptions
  extends Pick<OlvmClientConfig, 'concurrency' | 'timeoutMs' | 'retry' | 'onWarning' | 'onRequest'> {
  /** Dry-run: the client refuses every write before it leaves the process. */
  isDryRun: boolean;
}

/** Resolves the password reference (registering it for redaction) and creates the client; nothing is sent yet. */
export async function createOlvmClientFromInventory(
  inventory: Inventory,
  options: InventoryClientOptions
): Promise<OlvmClient> {
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
    password: await resolveSecret(engine.password),
    ...(engine.caFile !== undefined ? { caFile: engine.caFile } : {}),
    insecure: engine.insecure,
    isReadOnly: isDryRun,
  });
}
