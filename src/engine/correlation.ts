/**
 * Correlation ids for the writes of a run: `<run id>-<n>`, already in the form the engine stores (it keeps only
 * [0-9a-zA-Z_-] and at most 36 characters, ovirt-api.md §7.3), so the id the journal records is the id the
 * engine's jobs and events carry. A run id too long for that keeps its head and a short hash of the whole.
 */
import { createHash } from 'node:crypto';

const MAX_LENGTH = 36;
/** Room left for `-<n>`: up to seven digits of counter (ten million writes in one run). */
const MAX_PREFIX = MAX_LENGTH - 8;
const HASH_LENGTH = 8;

/** The part every id of a run starts with. */
export function correlationPrefix(runId: string): string {
  const cleaned = runId.replace(/[^0-9a-zA-Z_-]/g, '');
  if (cleaned.length > 0 && cleaned.length <= MAX_PREFIX) return cleaned;
  const hash = createHash('sha256').update(runId).digest('hex').slice(0, HASH_LENGTH);
  const head = cleaned.slice(0, MAX_PREFIX - HASH_LENGTH - 1);
  return head.length > 0 ? `${head}-${hash}` : hash;
}

export function formatCorrelationId(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}
