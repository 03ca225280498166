import { createSshPool } from '../../../src/ssh';
import type { SshPool, SshSession } from '../../../src/ssh';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { describeSshd, isRoot } from '../../helpers/sshd';

describeSshd('files over SFTP on a real sshd', () => {
  let fixture: SshFixture;
  let pool: SshPool;
  let session: SshSession;
  let dir: string;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.3.5'] });
    pool = createSshPool(fixture.inventory(), { isDryRun: false });
    session = await pool.session(fixture.host(0));
    dir = (await session.exec('mktemp -d')).stdout.trim();
  });
  afterAll(async () => {
    await session?.exec(['rm', '-rf', dir]);
    await pool?.close();
    await fixture?.stop();
  });

  it('writes a file with a mode and reads it back', async () => {
    await session.writeFile(`${dir}/a.conf`, 'x=1\n', { mode: 0o640 });
    expect((await session.readFile(`${dir}/a.conf`))?.toString()).toBe('x=1\n');
    expect(await session.stat(`${dir}/a.conf`)).toMatchObject({ size: 4, mode: 0o640, isFile: true });
  });

  it('replaces a file atomically, keeping its mode when none is given, and leaves no temp file', async () => {
    await session.writeFile(`${dir}/b.conf`, 'old\n', { mode: 0o600 });
    await session.writeFile(`${dir}/b.conf`, Buffer.from('new\n'));
    expect((await session.readFile(`${dir}/b.conf`))?.toString()).toBe('new\n');
    expect((await session.stat(`${dir}/b.conf`))?.mode).toBe(0o600);
    expect((await session.exec(['ls', '-A', dir])).stdout.split('\n').filter((n) => n.includes('runbook'))).toEqual([]);
  });

  it('reports a missing file as undefined', async () => {
    expect(await session.readFile(`${dir}/missing`)).toBeUndefined();
    expect(await session.stat(`${dir}/missing`)).toBeUndefined();
  });

  it('describes a directory', async () => {
    expect(await session.stat(dir)).toMatchObject({ isDirectory: true, isFile: false });
  });

  (isRoot() ? it : it.skip)('sets the owner and group', async () => {
    await session.writeFile(`${dir}/c.conf`, 'c\n', { owner: 'nobody', group: 'nogroup' });
    expect((await session.exec(['stat', '-c', '%U:%G', `${dir}/c.conf`])).stdout.trim()).toBe('nobody:nogroup');
  });

  it('fails clearly when the directory does not exist', async () => {
    await expect(session.writeFile(`${dir}/no/such/dir/f`, 'x')).rejects.toMatchObject({ code: 'SSH_SFTP_FAILED' });
  });
});
