/**
 * A public key as one OpenSSH `authorized_keys` line (RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n),
 * with the engine's alias as comment: what the engine's pki-resource answers for
 * `resource=engine-certificate&format=OPENSSH-PUBKEY` (ENGINE backend/manager/modules/utils/.../PKIResources.java
 * `formatOpenSSH` -> uutils/ssh/OpenSSHUtils.getKeyString(cert.getPublicKey(), alias), alias from the
 * `SSHKeyAlias` config value, default `ovirt-engine` (packaging/dbscripts/upgrade/pre_upgrade/0000_config.sql
 * l.946) @ 0111fc63036bca662aa6275a8ad16282cccf86bf).
 */
import type { KeyObject } from 'node:crypto';

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function mpint(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** The `ssh-rsa AAAA… comment` line of an RSA (or P-256 ECDSA, RFC 5656 §3.1) public key, newline-terminated. */
export function openSshPublicKey(publicKey: KeyObject, comment: string): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const bytes = (value: string | undefined) => Buffer.from(value ?? '', 'base64url');
  let type: string;
  let fields: Buffer[];
  if (jwk.kty === 'RSA') {
    type = 'ssh-rsa';
    fields = [mpint(bytes(jwk.e)), mpint(bytes(jwk.n))];
  } else if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    type = 'ecdsa-sha2-nistp256';
    const point = Buffer.concat([Buffer.from([4]), bytes(jwk.x), bytes(jwk.y)]);
    fields = [sshString(Buffer.from('nistp256')), sshString(point)];
  } else {
    throw new Error(`no OpenSSH form for a ${jwk.kty ?? 'unknown'} key`);
  }
  const blob = Buffer.concat([sshString(Buffer.from(type)), ...fields]);
  return `${type} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}\n`;
}
