/**
 * OpenSSH known_hosts, read the way ssh(1) reads it: comma-separated host patterns with `*`, `?` and `!`
 * negation, hashed names (`|1|salt|hmac-sha1`), `[host]:port` for ports other than 22, and the `@revoked`
 * marker. `@cert-authority` lines are kept but never match a plain host key (we do not do certificates).
 */
import { createHash, createHmac } from 'node:crypto';

export const KnownHostMarker = { NONE: 'none', REVOKED: 'revoked', CERT_AUTHORITY: 'cert-authority' } as const;
export type KnownHostMarker = (typeof KnownHostMarker)[keyof typeof KnownHostMarker];

export interface KnownHostEntry {
  marker: KnownHostMarker;
  /** Plain patterns, or undefined when the line is hashed. */
  patterns?: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  /** The public key blob in SSH wire format. */
  key: Buffer;
  /** 1-based line number in the file, for messages. */
  line: number;
}

/** The name ssh(1) looks a host up by: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** Every usable entry of a known_hosts text; malformed lines are skipped, as ssh(1) does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const entry = parseLine(raw.trim(), index + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

function parseLine(text: string, line: number): KnownHostEntry | undefined {
  if (text === '' || text.startsWith('#')) return undefined;
  const fields = text.split(/\s+/);
  let marker: KnownHostMarker = KnownHostMarker.NONE;
  if (fields[0] === '@revoked') marker = KnownHostMarker.REVOKED;
  else if (fields[0] === '@cert-authority') marker = KnownHostMarker.CERT_AUTHORITY;
  if (marker !== KnownHostMarker.NONE) fields.shift();
  const [hosts, keyType, keyText] = fields;
  if (!hosts || !keyType || !keyText) return undefined;
  const key = Buffer.from(keyText, 'base64');
  if (key.length === 0 || keyTypeOf(key) !== keyType) return undefined;
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return undefined;
    return {
      marker,
      hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') },
      keyType,
      key,
      line,
    };
  }
  return { marker, patterns: hosts.split(','), keyType, key, line };
}

/** Whether an entry names this host (`name` from knownHostName). A matching negated pattern wins. */
export function isEntryForHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.equals(entry.hashed.hash);
  }
  let isMatch = false;
  for (const pattern of entry.patterns ?? []) {
    const isNegated = pattern.startsWith('!');
    if (!matchesWildcard(isNegated ? pattern.slice(1) : pattern, name)) continue;
    if (isNegated) return false;
    isMatch = true;
  }
  return isMatch;
}

function matchesWildcard(pattern: string, name: string): boolean {
  const lowerPattern = pattern.toLowerCase();
  if (!/[*?]/.test(lowerPattern)) return lowerPattern === name.toLowerCase();
  const source = lowerPattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

/** The algorithm name at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const length = key.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > key.length) return undefined;
  return key.subarray(4, 4 + length).toString('latin1');
}

/** The fingerprint ssh(1) prints: `SHA256:` and unpadded base64. */
export function fingerprintOf(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** A known_hosts line for a newly accepted key. */
export function formatKnownHostsLine(name: string, key: Buffer): string {
  return `${name} ${keyTypeOf(key) ?? 'unknown'} ${key.toString('base64')}`;
}
