/**
 * Host key verification against an OpenSSH known_hosts file. Strict by default: an unknown host is refused, and a
 * known host presenting another key is a hard error that names the host and both fingerprints. `accept-new`
 * records keys of hosts never seen before (and still refuses changed ones); `off` trusts anything.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SshError, SshErrorCode } from './errors';
import type { KnownHostEntry } from './known-hosts';
import {
  KnownHostMarker,
  fingerprintOf,
  formatKnownHostsLine,
  isEntryForHost,
  keyTypeOf,
  knownHostName,
  parseKnownHosts,
} from './known-hosts';

export const HostKeyChecking = { STRICT: 'strict', ACCEPT_NEW: 'accept-new', OFF: 'off' } as const;
export type HostKeyChecking = (typeof HostKeyChecking)[keyof typeof HostKeyChecking];

export interface HostKeyTarget {
  /** The inventory name, for messages. */
  label: string;
  address: string;
  port: number;
}

export class KnownHostsFile {
  private entries: KnownHostEntry[] | undefined;

  constructor(readonly path: string) {}

  /** The key types known for a host, so the handshake can prefer them (as ssh(1) does). */
  knownKeyTypes(target: HostKeyTarget): string[] {
    const name = knownHostName(target.address, target.port);
    return [...new Set(this.entriesFor(name).map((e) => e.keyType))];
  }

  /** Throws an SshError when the key must be refused; records it under accept-new. */
  verify(target: HostKeyTarget, key: Buffer, policy: HostKeyChecking): void {
    if (policy === HostKeyChecking.OFF) return;
    const name = knownHostName(target.address, target.port);
    const entries = this.entriesFor(name);
    if (entries.some((e) => e.marker === KnownHostMarker.REVOKED && e.key.equals(key))) {
      throw this.refusal(SshErrorCode.HOST_KEY_REVOKED, target, `host key ${fingerprintOf(key)} is marked @revoked`);
    }
    const known = entries.filter((e) => e.marker === KnownHostMarker.NONE);
    if (known.some((e) => e.key.equals(key))) return;
    if (known.length > 0) throw this.mismatch(target, name, key, known);
    if (policy === HostKeyChecking.ACCEPT_NEW) return this.record(name, key);
    throw this.refusal(
      SshErrorCode.HOST_KEY_UNKNOWN,
      target,
      `host key ${keyTypeOf(key) ?? ''} ${fingerprintOf(key)} is not in ${this.path}`,
      `verify the fingerprint out of band, then add it (ssh-keyscan -p ${target.port} ${target.address} >> ${this.path}), ` +
        'or set ssh.host_key_checking: accept-new in the inventory to record new hosts on first contact'
    );
  }

  private entriesFor(name: string): KnownHostEntry[] {
    this.entries ??= this.load();
    return this.entries.filter((e) => isEntryForHost(e, name));
  }

  private load(): KnownHostEntry[] {
    try {
      return parseKnownHosts(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private record(name: string, key: Buffer): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, formatKnownHostsLine(name, key) + '\n', { mode: 0o600 });
    this.entries = undefined;
  }

  private mismatch(target: HostKeyTarget, name: string, key: Buffer, known: KnownHostEntry[]): SshError {
    const expected = known.map((e) => `${e.keyType} ${fingerprintOf(e.key)} (${this.path}:${e.line})`).join(', ');
    return this.refusal(
      SshErrorCode.HOST_KEY_MISMATCH,
      target,
      `HOST KEY MISMATCH: the host presented ${keyTypeOf(key) ?? ''} ${fingerprintOf(key)}, known_hosts has ${expected}`,
      `someone may be intercepting the connection, or the host was reinstalled. Verify the new key out of band; ` +
        `if it is genuine, remove the old entry with: ssh-keygen -R '${name}' -f ${this.path}`
    );
  }

  private refusal(code: SshErrorCode, target: HostKeyTarget, detail: string, hint?: string): SshError {
    return new SshError(`${target.label} (${target.address}:${target.port}): ${detail}`, {
      code,
      host: target.label,
      ...(hint !== undefined ? { hint } : {}),
    });
  }
}
