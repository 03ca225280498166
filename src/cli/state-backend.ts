/**
 * The state backend an inventory names (`state.backend: postgresql`, docs/state-backend.md), and where the
 * commands that read runs find them: with `-i INVENTORY` whose state is in PostgreSQL, the backend (from any
 * machine that reaches it); else the local state directory.
 */
import { resolve } from 'node:path';
import { resolveSecret } from '../inventory/secrets';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { registerSecret } from '../shared/redact';
import { resolveLockDir, resolveStateDir } from '../runs/paths';
import { pgRunSource } from '../runs/pg/source';
import { PgState } from '../runs/pg/state';
import { localRunSource } from '../runs/run-source';
import type { RunSource } from '../runs/run-source';
import type { CliIo } from './io';
import { labStateDirOf } from './lab-attach';

/** A session with the inventory's PostgreSQL backend, or undefined when its state is local. */
export async function openStateBackend(inventory: Inventory): Promise<PgState | undefined> {
  const state = inventory.state;
  if (state?.backend !== 'postgresql' || state.url === undefined) return undefined;
  const url = await resolveSecret(state.url);
  if (URL.canParse(url)) registerSecret(decodeURIComponent(new URL(url).password));
  return PgState.connect({ url, schema: state.schema });
}

export async function openRunSource(io: CliIo, inventoryPath: string | undefined): Promise<RunSource> {
  const local = (): RunSource => localRunSource(resolveStateDir(io.cwd, io.env), resolveLockDir(io.env));
  if (inventoryPath === undefined) return local();
  const inventory = await loadInventory(resolve(io.cwd, inventoryPath), { stateDir: labStateDirOf(io) });
  const backend = await openStateBackend(inventory);
  return backend === undefined ? local() : pgRunSource(backend);
}

/** `use` the runs of the state directory, or of the backend `-i INVENTORY` names; closes the backend after. */
export async function withRunSource<T>(
  io: CliIo,
  inventoryPath: string | undefined,
  use: (source: RunSource) => Promise<T>
): Promise<T> {
  const source = await openRunSource(io, inventoryPath);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}
