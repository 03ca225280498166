/** Correlation-Id handling (ENGINE CurrentFilter): keep [0-9a-zA-Z_-], at most 36 chars; generate one if absent. */
import { randomUUID } from 'node:crypto';

export function sanitizeCorrelationId(raw: string | null | undefined): string {
  const cleaned = (raw ?? '').replace(/[^0-9a-zA-Z_-]/g, '').slice(0, 36);
  return cleaned === '' ? randomUUID() : cleaned;
}
