import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSshPool } from '../../../src/ssh';
import { fingerprintOf } from '../../../src/ssh/known-hosts';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { createKeyPair, describeSshd, makeTempDir, publicKeyLine } from '../../helpers/sshd';

describeSshd('verifying host keys against known_hosts', () => {
  let fixture: SshFixture;
  let otherKey: Buffer;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.3.3'] });
    otherKey = Buffer.from(publicKeyLine(createKeyPair(makeTempDir())).split(' ')[1]!, 'base64');
  });
  afterAll(async () => fixture?.stop());

  function knownHosts(lines: string[]): string {
    const path = join(makeTempDir(), 'known_hosts');
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  }

  async function connect(knownHostsPath: string, hostKeyChecking: 'strict' | 'accept-new' | 'off' = 'strict') {
    const pool = createSshPool(fixture.inventory(undefined, { knownHosts: knownHostsPath, hostKeyChecking }), {
      isDryRun: false,
    });
    try {
      return (await (await pool.session(fixture.host(0))).exec('echo ok')).stdout;
    } finally {
      await pool.close();
    }
  }

  const sshd = () => fixture.sshds[0]!;
  const name = () => `[${sshd().address}]:${sshd().port}`;

  it('accepts the host when its key is listed under [host]:port', async () => {
    expect(await connect(knownHosts([sshd().knownHostsLine]))).toBe('ok\n');
  });

  it('accepts a hashed entry written by ssh-keygen -H', async () => {
    const path = knownHosts([sshd().knownHostsLine]);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', path], { stdio: 'ignore' });
    expect(readFileSync(path, 'utf8')).toMatch(/^\|1\|/);
    expect(await connect(path)).toBe('ok\n');
  });

  it('refuses a changed key with a hard error naming the host and both fingerprints', async () => {
    const path = knownHosts([`${name()} ssh-ed25519 ${otherKey.toString('base64')}`]);
    const error = await connect(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_HOST_KEY_MISMATCH', host: 'host-0', isRetryable: false });
    const message = (error as Error).message;
    expect(message).toContain('host-0');
    expect(message).toContain(fingerprintOf(sshd().hostKey));
    expect(message).toContain(fingerprintOf(otherKey));
  });

  it('refuses a changed key even under accept-new', async () => {
    const path = knownHosts([`${name()} ssh-ed25519 ${otherKey.toString('base64')}`]);
    await expect(connect(path, 'accept-new')).rejects.toMatchObject({ code: 'SSH_HOST_KEY_MISMATCH' });
  });

  it('refuses an unknown host by default, with a hint', async () => {
    const error = await connect(knownHosts([])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN', hint: expect.stringContaining('accept-new') });
  });

  it('refuses a key marked @revoked', async () => {
    const path = knownHosts([
      sshd().knownHostsLine,
      `@revoked * ${sshd().knownHostsLine.split(' ').slice(1).join(' ')}`,
    ]);
    await expect(connect(path)).rejects.toMatchObject({ code: 'SSH_HOST_KEY_REVOKED' });
  });

  it('records a new host under accept-new, then trusts it strictly', async () => {
    const path = knownHosts(['# empty']);
    expect(await connect(path, 'accept-new')).toBe('ok\n');
    expect(readFileSync(path, 'utf8')).toContain(sshd().knownHostsLine);
    expect(await connect(path, 'strict')).toBe('ok\n');
  });

  it('does not check at all when host key checking is off', async () => {
    expect(await connect(knownHosts([]), 'off')).toBe('ok\n');
  });
});
