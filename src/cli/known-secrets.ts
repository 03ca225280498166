/**
 * Secrets are registered for redaction as soon as a run starts, not only when a module happens to read them: a
 * command can print an `env:` variable it inherited, or a `file:` secret it cats, before anything resolved it.
 * Every `env:` / `file:` reference in the inventory is read now (an unavailable one is left to fail where it is
 * needed), and every runbook or `-e` variable whose name says secret (`db_password`, `api_token`) is registered.
 */
import type { Inventory } from '../inventory/types';
import { resolveSecret } from '../inventory/secrets';
import { isSecretKey, registerSecret } from '../shared/redact';

export async function registerKnownSecrets(inventory: Inventory, vars: Record<string, unknown>): Promise<void> {
  await Promise.all(findSecretRefs(inventory).map((ref) => resolveSecret({ ref }).catch(() => undefined)));
  for (const value of findSecretValues(vars)) registerSecret(value);
}

function findSecretRefs(value: unknown, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 12) return [];
  if (Array.isArray(value)) return value.flatMap((v) => findSecretRefs(v, depth + 1));
  const ref = (value as { ref?: unknown }).ref;
  if (typeof ref === 'string' && /^(env|file):/.test(ref)) return [ref];
  return Object.values(value).flatMap((v) => findSecretRefs(v, depth + 1));
}

function findSecretValues(value: unknown, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 12) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (isSecretKey(key) && (typeof v === 'string' || typeof v === 'number')) return [String(v)];
    return findSecretValues(v, depth + 1);
  });
}
