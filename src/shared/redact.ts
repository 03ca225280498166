/**
 * One redaction for the whole program. Secret values are registered when they are read (env:/file: references,
 * tokens, passwords fed to sudo); every text that leaves the process through the journal, an error or the terminal
 * passes through `redactText` / `redactValue`. Keys that name secrets are masked whatever their value.
 */

export const REDACTED = '***';

const SECRET_KEY =
  /pass(word|wd|phrase)?$|secret|token|private[_-]?key|^key$|key_material|authorization|cookie|credential/i;
const MIN_SECRET_LENGTH = 3;

const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Remember a secret value so that it is masked wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  // Also mask the common encodings a secret shows up in (basic auth, URL encoding).
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
  pattern = undefined;
}

/** Forget every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function secretPattern(): RegExp | undefined {
  if (secrets.size === 0) return undefined;
  if (!pattern) {
    const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(alternatives.join('|'), 'g');
  }
  return pattern;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Mask every registered secret in a text, plus PEM private key blocks. */
export function redactText(text: string): string {
  let out = text.replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED);
  const re = secretPattern();
  if (re) out = out.replace(re, REDACTED);
  return out;
}

/** A deep copy of a value with secret-named keys masked and secrets masked inside strings. */
export function redactValue<T>(value: T): T {
  return redactAny(value, 0) as T;
}

function redactAny(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => redactAny(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] =
      isSecretKey(k) && v !== undefined && v !== null && v !== '' && typeof v !== 'boolean'
        ? REDACTED
        : redactAny(v, depth + 1);
  }
  return out;
}
