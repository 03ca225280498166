/**
 * Secrets are given by reference (`env:NAME`, `file:PATH`), never as the value itself. A variable whose name says
 * secret (`db_password`, `api_token`, `hosts_root_password`: the names `redact` masks) holding a literal string is
 * refused where it is written, before anything runs: a runbook's or an inventory's `vars`, or `-e`.
 * An empty string (no secret), a reference, or a template (`{{ … }}`, checked when it renders) is fine.
 */
import { isSecretKey } from './redact';
import type { PathSegment } from './yaml-source';

export const SECRET_LITERAL_MESSAGE =
  'must be a reference, env:NAME or file:PATH, never the secret itself (put it in an environment variable or a file)';

const REFERENCE = /^(env|file):.+$/;

/** The paths (from `vars`) of secret-named entries holding a literal string. */
export function findSecretLiterals(vars: unknown, path: PathSegment[] = [], depth = 0): PathSegment[][] {
  if (vars === null || typeof vars !== 'object' || depth > 100) return [];
  const entries: Array<[PathSegment, unknown]> = Array.isArray(vars)
    ? vars.map((v, i): [PathSegment, unknown] => [i, v])
    : Object.entries(vars);
  return entries.flatMap(([key, value]) => {
    const at = [...path, key];
    if (typeof key === 'string' && isSecretKey(key) && isLiteralSecret(key, value)) return [at];
    return findSecretLiterals(value, at, depth + 1);
  });
}

/** A number is a literal password (`-e db_password=123456` reads as one); `token_ttl: 3600` is not a secret. */
const PASSWORD_KEY = /pass(word|wd|phrase)?$/i;

function isLiteralSecret(key: string, value: unknown): boolean {
  if (typeof value === 'number') return PASSWORD_KEY.test(key);
  if (typeof value !== 'string' || value === '') return false;
  return !REFERENCE.test(value) && !value.includes('{{');
}
