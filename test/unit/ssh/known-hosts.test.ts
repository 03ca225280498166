import { createHmac, randomBytes } from 'node:crypto';
import { fingerprintOf, isEntryForHost, keyTypeOf, knownHostName, parseKnownHosts } from '../../../src/ssh/known-hosts';

function keyBlob(type = 'ssh-ed25519'): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.alloc(4), randomBytes(32)]);
}
const key = keyBlob();
const line = (hosts: string) => `${hosts} ssh-ed25519 ${key.toString('base64')}`;

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  it.each([
    ['example', 22, 'example'],
    ['127.0.0.1', 2222, '[127.0.0.1]:2222'],
  ])('looks %s port %i up as %s', (address, port, name) => {
    expect(knownHostName(address, port)).toBe(name);
  });

  it.each([
    ['kvm-a1', 'kvm-a1', true],
    ['kvm-a1,kvm-a2', 'kvm-a2', true],
    ['kvm-*', 'kvm-b7', true],
    ['kvm-?1', 'kvm-a1', true],
    ['kvm-*,!kvm-b1', 'kvm-b1', false],
    ['[127.0.0.1]:2222', '[127.0.0.1]:2222', true],
    ['127.0.0.1', '[127.0.0.1]:2222', false],
    ['KVM-A1', 'kvm-a1', true],
  ])('pattern %s matches %s: %s', (patterns, name, isMatch) => {
    const [entry] = parseKnownHosts(line(patterns));
    expect(isEntryForHost(entry!, name)).toBe(isMatch);
  });

  it('matches a hashed name only for the host it was hashed from', () => {
    const [entry] = parseKnownHosts(line(hashed('[127.0.0.1]:2222')));
    expect(isEntryForHost(entry!, '[127.0.0.1]:2222')).toBe(true);
    expect(isEntryForHost(entry!, '[127.0.0.1]:2223')).toBe(false);
  });

  it('reads markers and line numbers, and skips comments and malformed lines', () => {
    const text = [
      '# comment',
      '',
      line('a'),
      'garbage',
      `@revoked ${line('b')}`,
      `b ssh-rsa ${key.toString('base64')}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => [e.marker, e.line])).toEqual([
      ['none', 3],
      ['revoked', 5],
    ]);
  });

  it('prints fingerprints as ssh-keygen does', () => {
    expect(fingerprintOf(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOf(keyBlob('ecdsa-sha2-nistp256'))).toBe('ecdsa-sha2-nistp256');
  });
});
