/**
 * Correlation ids as the engine stores them: it strips every character outside `[0-9a-zA-Z_-]` and keeps at most
 * 36 (ovirt-api.md §7.3). We send ids that are already in that form, so the id the journal records is the id the
 * engine records. A longer id keeps its head and gets a short hash of the whole, so that two long ids that differ
 * only at the end stay distinct.
 */
import { createHash, randomUUID } from 'node:crypto';

const MAX_LENGTH = 36;
const HASH_LENGTH = 8;

export function normalizeCorrelationId(raw: string): string {
  const cleaned = raw.replace(/[^0-9a-zA-Z_-]/g, '');
  if (cleaned.length === 0) return newCorrelationId();
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, HASH_LENGTH);
  return `${cleaned.slice(0, MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}

/** A fresh id for a write whose caller gave none. */
export function newCorrelationId(): string {
  return `runbook-${randomUUID().slice(0, 8)}`;
}
