/**
 * Before a run talks to an engine: refuse an engine CA file that no longer holds the CA recorded for that engine
 * by `runbook trust` (src/olvm/known-engines.ts). No record, plain http or verification off: nothing to compare.
 */
import { join } from 'node:path';
import type { Inventory } from '../inventory/types';
import { assertTrustedCaFile, KNOWN_ENGINES_FILE } from '../olvm/known-engines';
import { resolveStateDir } from '../runs/paths';
import type { CliIo } from './io';

/** The known-engines file of this working directory (`.runbook/known_engines`, or under $RUNBOOK_STATE_DIR). */
export function knownEnginesPathOf(io: CliIo): string {
  return join(resolveStateDir(io.cwd, io.env), KNOWN_ENGINES_FILE);
}

export function assertEngineCaTrusted(inventory: Inventory, io: CliIo): void {
  const { engine } = inventory;
  if (engine.caFile === undefined || engine.insecure || !engine.url.startsWith('https:')) return;
  assertTrustedCaFile(engine.url, engine.caFile, knownEnginesPathOf(io));
}
