/**
 * A simulated host's `~/.ssh/authorized_keys`, read as OpenSSH's sshd reads it (sshd(8) AUTHORIZED_KEYS FILE
 * FORMAT: `[options] keytype base64-key [comment]`, blank lines and `#` comments ignored) and with its StrictModes
 * check (on by default, sshd_config(5)): the file is not used when it is writable by group or others, or owned by
 * anyone but the user or root. The engine's key works only once it is in the file of the user the engine logs in
 * as; the lab's own client key (keys.ts) is accepted besides.
 */
import { posix } from 'node:path';
import { fileContent, makeDirectory, ROOT_UID, USER_UID, writeFileAt } from './filesystem';
import type { HostState } from './types';

const KEY_TYPE =
  /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

export interface PublicKeyBlob {
  type: string;
  /** The key's wire blob (the base64 field, decoded). */
  blob: Buffer;
}

export function homeOf(user: string): string {
  return user === 'root' ? '/root' : `/home/${user}`;
}

export function uidOf(user: string): number {
  return user === 'root' ? ROOT_UID : USER_UID;
}

export function authorizedKeysPath(user: string): string {
  return posix.join(homeOf(user), '.ssh', 'authorized_keys');
}

/** Splits off the options field: it may hold quoted strings with spaces (`command="a b"`). */
function stripOptions(line: string): string {
  let inQuotes = false;
  for (let at = 0; at < line.length; at += 1) {
    const char = line[at];
    if (char === '\\' && inQuotes) at += 1;
    else if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === ' ' || char === '\t')) return line.slice(at).trimStart();
  }
  return '';
}

/** The key of one authorized_keys line, or undefined for blank, comment or unreadable lines. */
export function parseAuthorizedKey(line: string): PublicKeyBlob | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const fields = (KEY_TYPE.test(text.split(/\s+/)[0] ?? '') ? text : stripOptions(text)).split(/\s+/);
  const [type, base64] = fields;
  if (type === undefined || base64 === undefined || !KEY_TYPE.test(type)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  return blob.length > 0 ? { type, blob } : undefined;
}

/** Whether sshd would accept `key` for `user` from this host's authorized_keys (StrictModes included). */
export function isKeyAuthorized(state: HostState, user: string, key: PublicKeyBlob): boolean {
  const file = state.files[authorizedKeysPath(user)];
  if (file === undefined) return false;
  if ((file.mode & 0o022) !== 0 || (file.uid !== uidOf(user) && file.uid !== ROOT_UID)) return false;
  return fileContent(file)
    .toString('utf8')
    .split('\n')
    .some((line) => {
      const entry = parseAuthorizedKey(line);
      return entry !== undefined && entry.type === key.type && entry.blob.equals(key.blob);
    });
}

/**
 * Append a key line as the engine's ssh-copy-id does (InstallVdsInternalCommand `copyEngineSshId`: `umask 077;
 * mkdir -p .ssh`, a newline first if the file does not end with one, then the key appended).
 */
export function appendAuthorizedKey(state: HostState, user: string, line: string): void {
  const path = authorizedKeysPath(user);
  const uid = uidOf(user);
  makeDirectory(state, posix.dirname(path), { uid: ROOT_UID, isRecursive: true });
  const existing = state.files[path];
  const before = existing !== undefined ? fileContent(existing).toString('utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  const text = line.endsWith('\n') ? line : `${line}\n`;
  writeFileAt(state, path, Buffer.from(separator + text), {
    uid: ROOT_UID,
    mode: existing?.mode ?? 0o600,
    isAppend: true,
  });
  const written = state.files[path];
  if (written !== undefined && existing === undefined) Object.assign(written, { uid, gid: uid });
}
