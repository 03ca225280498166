import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnownHostsFile } from '../../../src/ssh/host-key';
import { fingerprintOf } from '../../../src/ssh/known-hosts';
import { makeTempDir } from '../../helpers/sshd-process';

function keyBlob(type: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, randomBytes(36)]);
}

const target = { label: 'kvm-a1', address: '127.0.0.1', port: 2222 };
const ed25519 = keyBlob('ssh-ed25519');
const ecdsa = keyBlob('ecdsa-sha2-nistp256');

function fileWith(lines: string[]): KnownHostsFile {
  const path = join(makeTempDir(), 'known_hosts');
  writeFileSync(path, lines.join('\n') + '\n');
  return new KnownHostsFile(path);
}

const line = (key: Buffer, type: string) => `[127.0.0.1]:2222 ${type} ${key.toString('base64')}`;

describe('host key verification', () => {
  it('accepts the listed key and refuses an unknown host in strict mode', () => {
    expect(() => fileWith([line(ed25519, 'ssh-ed25519')]).verify(target, ed25519, 'strict')).not.toThrow();
    expect(() => fileWith([]).verify(target, ed25519, 'strict')).toThrow(
      expect.objectContaining({ code: 'SSH_HOST_KEY_UNKNOWN', host: 'kvm-a1' })
    );
  });

  it('treats a host known only by another key type as a mismatch, naming both fingerprints', () => {
    const file = fileWith([line(ecdsa, 'ecdsa-sha2-nistp256')]);
    expect(file.knownKeyTypes(target)).toEqual(['ecdsa-sha2-nistp256']);
    const error = (() => {
      try {
        file.verify(target, ed25519, 'accept-new');
      } catch (e) {
        return e as Error & { code: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(error?.message).toContain(`presented ssh-ed25519 ${fingerprintOf(ed25519)}`);
    expect(error?.message).toContain(`known_hosts has ecdsa-sha2-nistp256 ${fingerprintOf(ecdsa)}`);
  });

  it('records a new host under accept-new, once', () => {
    const file = fileWith([]);
    file.verify(target, ed25519, 'accept-new');
    file.verify(target, ed25519, 'strict');
    expect(readFileSync(file.path, 'utf8').trim().split('\n')).toEqual([line(ed25519, 'ssh-ed25519')]);
  });

  it('checks nothing when off', () => {
    expect(() => fileWith([line(ecdsa, 'ecdsa-sha2-nistp256')]).verify(target, ed25519, 'off')).not.toThrow();
  });
});
