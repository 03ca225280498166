/**
 * OpenSSH signatures (PROTOCOL.sshsig), so that `ssh-keygen -Y verify` checks what runbook signs, and runbook
 * checks what ssh-keygen signs. A signature is the armored blob
 *
 *     "SSHSIG" uint32(1) string(public key) string(namespace) string(reserved "") string(hash algorithm)
 *     string(signature: string(algorithm) string(bytes))
 *
 * over `"SSHSIG" string(namespace) string(reserved) string(hash algorithm) string(H(message))`. Keys are read
 * by ssh2's key parser; the cryptography is node:crypto. Supported: ssh-ed25519, RSA (rsa-sha2-512/256),
 * ecdsa-sha2-nistp256/384/521.
 */
import { createHash, createPublicKey, verify as verifyBytes } from 'node:crypto';
import { utils } from 'ssh2';
import { ExitCode, RunbookError } from '../shared/errors';

/** The namespace of journal heads: `ssh-keygen -Y verify -n runbook-journal`. */
export const JOURNAL_NAMESPACE = 'runbook-journal';
export const SSHSIG_HASH = 'sha512';
const MAGIC = Buffer.from('SSHSIG');
const VERSION = 1;
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

/** A signature that cannot be read, or a key that cannot be used. */
export class SshsigError extends RunbookError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'SSHSIG',
      exitCode: ExitCode.TAMPERED,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

export interface SshSignature {
  /** The signer's public key, SSH wire format. */
  publicKey: Buffer;
  namespace: string;
  hashAlgorithm: string;
  /** The signature algorithm (`ssh-ed25519`, `rsa-sha2-512`, …). */
  algorithm: string;
  /** The signature bytes (for ECDSA: mpint r, mpint s, as SSH writes them). */
  bytes: Buffer;
}

export function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** Reads SSH wire fields in order. */
export class WireReader {
  private at = 0;
  constructor(private readonly buffer: Buffer) {}

  string(): Buffer {
    if (this.at + 4 > this.buffer.length) throw new SshsigError('truncated SSH field');
    const length = this.buffer.readUInt32BE(this.at);
    const start = this.at + 4;
    if (start + length > this.buffer.length) throw new SshsigError('truncated SSH field');
    this.at = start + length;
    return this.buffer.subarray(start, this.at);
  }

  uint32(): number {
    if (this.at + 4 > this.buffer.length) throw new SshsigError('truncated SSH field');
    const value = this.buffer.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  bytes(n: number): Buffer {
    if (this.at + n > this.buffer.length) throw new SshsigError('truncated SSH field');
    const value = this.buffer.subarray(this.at, this.at + n);
    this.at += n;
    return value;
  }

  isAtEnd(): boolean {
    return this.at === this.buffer.length;
  }
}

/** What the key signs: the preamble, the namespace and the hash of the message. */
export function signedData(message: Buffer, namespace: string, hashAlgorithm = SSHSIG_HASH): Buffer {
  const digest = createHash(hashAlgorithm).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(digest)]);
}

export function armorSignature(sig: SshSignature): string {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(VERSION);
  const blob = Buffer.concat([
    MAGIC,
    version,
    sshString(sig.publicKey),
    sshString(sig.namespace),
    sshString(''),
    sshString(sig.hashAlgorithm),
    sshString(Buffer.concat([sshString(sig.algorithm), sshString(sig.bytes)])),
  ]);
  const base64 = blob.toString('base64');
  const lines = base64.match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

export function parseSignature(armored: string): SshSignature {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new SshsigError('not an armored SSH signature');
  const blob = Buffer.from(text.slice(BEGIN.length, -END.length).replace(/\s+/g, ''), 'base64');
  const reader = new WireReader(blob);
  if (!reader.bytes(MAGIC.length).equals(MAGIC)) throw new SshsigError('not an SSHSIG blob (bad preamble)');
  const version = reader.uint32();
  if (version !== VERSION) throw new SshsigError(`unsupported SSHSIG version ${version}`);
  const publicKey = Buffer.from(reader.string());
  const namespace = reader.string().toString();
  reader.string(); // reserved
  const hashAlgorithm = reader.string().toString();
  const inner = new WireReader(reader.string());
  const algorithm = inner.string().toString();
  const bytes = Buffer.from(inner.string());
  if (!reader.isAtEnd()) throw new SshsigError('trailing data after the SSH signature');
  return { publicKey, namespace, hashAlgorithm, algorithm, bytes };
}

/** The key type named in a public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`). */
export function keyTypeOf(publicKey: Buffer): string {
  return new WireReader(publicKey).string().toString();
}

/** `SHA256:…` as ssh-keygen -l prints it. */
export function fingerprintOf(publicKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKey).digest('base64').replace(/=+$/, '')}`;
}

/** The signature algorithms a key type may sign SSHSIG with, and the hash node:crypto verifies them with. */
const ALGORITHMS: Record<string, Record<string, string | null>> = {
  'ssh-ed25519': { 'ssh-ed25519': null },
  'ssh-rsa': { 'rsa-sha2-512': 'sha512', 'rsa-sha2-256': 'sha256' },
  'ecdsa-sha2-nistp256': { 'ecdsa-sha2-nistp256': 'sha256' },
  'ecdsa-sha2-nistp384': { 'ecdsa-sha2-nistp384': 'sha384' },
  'ecdsa-sha2-nistp521': { 'ecdsa-sha2-nistp521': 'sha512' },
};
const EC_SIZES: Record<string, number> = {
  'ecdsa-sha2-nistp256': 32,
  'ecdsa-sha2-nistp384': 48,
  'ecdsa-sha2-nistp521': 66,
};

/** Undefined when `sig` is a valid signature of `message` in `namespace` by its own key; else why not. */
export function checkSignature(message: Buffer, sig: SshSignature, namespace: string): string | undefined {
  if (sig.namespace !== namespace) return `the signature is for namespace "${sig.namespace}", not "${namespace}"`;
  if (sig.hashAlgorithm !== 'sha512' && sig.hashAlgorithm !== 'sha256') {
    return `unsupported hash algorithm ${sig.hashAlgorithm}`;
  }
  const keyType = keyTypeOf(sig.publicKey);
  const hash = ALGORITHMS[keyType]?.[sig.algorithm];
  if (hash === undefined) return `a ${keyType} key cannot make an SSHSIG signature of algorithm ${sig.algorithm}`;
  const parsed = utils.parseKey(sig.publicKey);
  if (parsed instanceof Error) return `the signer's public key cannot be read: ${parsed.message}`;
  const key = createPublicKey(parsed.getPublicPEM());
  const data = signedData(message, namespace, sig.hashAlgorithm);
  const size = EC_SIZES[keyType];
  try {
    const isValid =
      size === undefined
        ? verifyBytes(hash, data, key, sig.bytes)
        : verifyBytes(hash, data, { key, dsaEncoding: 'ieee-p1363' }, ecdsaToP1363(sig.bytes, size));
    return isValid ? undefined : 'the signature does not match the message (it was forged, or the head edited)';
  } catch (error) {
    return `the signature cannot be checked: ${(error as Error).message}`;
  }
}

/** SSH's `mpint r, mpint s` as the fixed-width r || s node:crypto reads. */
function ecdsaToP1363(bytes: Buffer, size: number): Buffer {
  const reader = new WireReader(bytes);
  const fixed = (n: Buffer): Buffer => {
    const trimmed = n.subarray(Math.max(0, n.length - size));
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([fixed(reader.string()), fixed(reader.string())]);
}

/** r || s (fixed width) as SSH's `mpint r, mpint s`. */
export function p1363ToEcdsa(bytes: Buffer): Buffer {
  const half = bytes.length / 2;
  const mpint = (n: Buffer): Buffer => {
    let start = 0;
    while (start < n.length - 1 && n[start] === 0) start += 1;
    const trimmed = n.subarray(start);
    return sshString((trimmed[0] as number) & 0x80 ? Buffer.concat([Buffer.alloc(1), trimmed]) : trimmed);
  };
  return Buffer.concat([mpint(bytes.subarray(0, half)), mpint(bytes.subarray(half))]);
}
