import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import type { SFTPWrapper, Stats } from 'ssh2';
import { startSshFixture } from '../../../helpers/ssh-fixture';
import { describeSshd } from '../../../helpers/sshd';
import { makeHost } from '../../../helpers/inventory';
import {
  ADDRESSES,
  connectSsh2,
  execSsh2,
  makeLabInventory,
  openSftp,
  runOpenSsh,
  startLab,
  type LabFixture,
  runProcess,
} from './harness';

const call = <T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

function writeViaSftp(sftp: SFTPWrapper, path: string, content: string, mode: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = sftp.createWriteStream(path, { mode });
    stream.on('error', reject).on('close', () => resolve());
    stream.end(content);
  });
}

function readViaSftp(sftp: SFTPWrapper, path: string): Promise<string> {
  return call<Buffer>((done) => sftp.readFile(path, (error, data) => done(error, data))).then((data) =>
    data.toString()
  );
}

describe('SFTP on a simulated host', () => {
  let lab: LabFixture;
  let client: Client;
  let sftp: SFTPWrapper;
  beforeAll(async () => {
    lab = await startLab();
    client = await connectSsh2(lab.hosts, 'engine');
    sftp = await openSftp(client);
  });
  afterAll(async () => {
    client.end();
    await lab.cleanup();
  });

  it('writes a file atomically (temp file, chmod, posix-rename over the old one) that commands then read', async () => {
    await writeViaSftp(sftp, '/root/answers.conf', 'old\n', 0o644);
    await writeViaSftp(sftp, '/root/.answers.conf.tmp', '[environment:default]\n', 0o600);
    await call((done) => sftp.setstat('/root/.answers.conf.tmp', { mode: 0o640 }, done));
    await call((done) => sftp.ext_openssh_rename('/root/.answers.conf.tmp', '/root/answers.conf', done));
    const result = await execSsh2(
      client,
      'cat /root/answers.conf; stat -c %a /root/answers.conf; test -e /root/.answers.conf.tmp || echo gone'
    );
    expect(result.stdout).toBe('[environment:default]\n640\ngone\n');
  });

  it("refuses a plain rename over an existing file, as OpenSSH's sftp-server does (it links, then unlinks)", async () => {
    await writeViaSftp(sftp, '/root/first', '1\n', 0o644);
    await writeViaSftp(sftp, '/root/second', '2\n', 0o644);
    await expect(call((done) => sftp.rename('/root/first', '/root/second', done))).rejects.toMatchObject({ code: 4 });
    await call((done) => sftp.rename('/root/first', '/root/third', done));
    expect((await execSsh2(client, 'cat /root/second /root/third')).stdout).toBe('2\n1\n');
  });

  it('syncs an open file with fsync@openssh.com, and refuses a handle it does not know', async () => {
    const handle = await call<Buffer>((done) => sftp.open('/root/synced', 'w', done));
    await call((done) => sftp.write(handle, Buffer.from('kept\n'), 0, 5, 0, done));
    await call((done) => sftp.ext_openssh_fsync(handle, done));
    await call((done) => sftp.close(handle, done));
    await expect(call((done) => sftp.ext_openssh_fsync(Buffer.from([0, 0, 0, 99]), done))).rejects.toMatchObject({
      code: 4,
    });
    expect(await readViaSftp(sftp, '/root/synced')).toBe('kept\n');
  });

  it('reads a file a command wrote, and stats it', async () => {
    await execSsh2(client, 'echo hello > /tmp/greeting');
    expect(await readViaSftp(sftp, '/tmp/greeting')).toBe('hello\n');
    const stats = await call<Stats>((done) => sftp.stat('/tmp/greeting', done));
    expect([stats.isFile(), stats.size, stats.mode & 0o777, stats.uid]).toEqual([true, 6, 0o644, 0]);
    expect((await call<Stats>((done) => sftp.lstat('/etc', done))).isDirectory()).toBe(true);
  });

  it('reads a larger file in chunks and gives back the same bytes', async () => {
    const content = 'x'.repeat(100_000) + 'end\n';
    await writeViaSftp(sftp, '/root/big', content, 0o600);
    expect(await readViaSftp(sftp, '/root/big')).toBe(content);
    const result = await execSsh2(client, 'sha256sum /root/big');
    expect(result.stdout).toBe(`${createHash('sha256').update(content).digest('hex')}  /root/big\n`);
  });

  it('reports a missing file as "no such file"', async () => {
    await expect(call((done) => sftp.stat('/nope', done))).rejects.toMatchObject({ code: 2 });
    await expect(readViaSftp(sftp, '/nope')).rejects.toMatchObject({ code: 2 });
  });

  it('creates and lists directories, resolves paths, removes files', async () => {
    await call((done) => sftp.mkdir('/root/confs', done));
    await writeViaSftp(sftp, '/root/confs/a.conf', 'a', 0o644);
    const names = await call<{ filename: string }[]>((done) => sftp.readdir('/root/confs', done));
    expect(names.map((entry) => entry.filename)).toEqual(['a.conf']);
    expect(await call<string>((done) => sftp.realpath('confs', done))).toBe('/root/confs');
    await call((done) => sftp.unlink('/root/confs/a.conf', done));
    await call((done) => sftp.rmdir('/root/confs', done));
    expect((await execSsh2(client, 'test -e /root/confs')).exitCode).toBe(1);
  });

  it('keeps what was written across a lab restart', async () => {
    await writeViaSftp(sftp, '/root/kept.txt', 'still here\n', 0o600);
    client.end();
    await lab.restart();
    client = await connectSsh2(lab.hosts, 'engine');
    sftp = await openSftp(client);
    const result = await runOpenSsh(lab.hosts, 'engine', 'cat /root/kept.txt && stat -c %a /root/kept.txt');
    expect(result.stdout).toBe('still here\n600\n');
    expect(JSON.parse(await readFile(`${lab.stateDir}/hosts.json`, 'utf8'))).toHaveProperty([
      'hosts',
      'engine',
      'files',
      '/root/kept.txt',
    ]);
  });
});

describe('SFTP with the OpenSSH sftp client', () => {
  it('puts, renames over an existing file, and gets back the same bytes', async () => {
    const lab = await startLab();
    const dir = await mkdtemp(join(tmpdir(), 'runbook-sftp-'));
    try {
      await writeFile(join(dir, 'up.txt'), 'uploaded\n');
      await runOpenSsh(lab.hosts, 'kvm-a1', 'echo old > /root/target.txt');
      const batch = [
        `put ${join(dir, 'up.txt')} /root/up.txt`,
        'rename /root/up.txt /root/target.txt',
        `get /root/target.txt ${join(dir, 'down.txt')}`,
      ].join('\n');
      await writeFile(join(dir, 'batch'), batch + '\n');
      const endpoint = lab.hosts.endpoints['kvm-a1'];
      const result = await runProcess('sftp', [
        '-F',
        '/dev/null',
        '-b',
        join(dir, 'batch'),
        '-i',
        lab.hosts.clientKeyPath,
        '-o',
        `UserKnownHostsFile=${lab.hosts.knownHostsPath}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-P',
        String(endpoint?.port),
        `root@${endpoint?.address}`,
      ]);
      expect(result.exitCode).toBe(0);
      expect(await readFile(join(dir, 'down.txt'), 'utf8')).toBe('uploaded\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await lab.cleanup();
    }
  });
});

describe('SFTP for a non-root login user', () => {
  it('may write below its home and /tmp but not into /etc', async () => {
    const inventory = makeLabInventory();
    inventory.hosts['kvm-a2'] = makeHost('kvm-a2', 'primary', {
      address: ADDRESSES['kvm-a2'],
      user: 'ops',
      become: true,
    });
    const lab = await startLab({ inventory });
    const client = await connectSsh2(lab.hosts, 'kvm-a2', { username: 'ops' });
    try {
      const sftp = await openSftp(client);
      await writeViaSftp(sftp, 'notes.txt', 'mine\n', 0o644);
      expect(await readViaSftp(sftp, '/home/ops/notes.txt')).toBe('mine\n');
      await expect(writeViaSftp(sftp, '/etc/evil.conf', 'x', 0o644)).rejects.toMatchObject({ code: 3 });
      expect((await execSsh2(client, 'stat -c %U /home/ops/notes.txt')).stdout).toBe('ops\n');
    } finally {
      client.end();
      await lab.cleanup();
    }
  });
});

describeSshd("plain RENAME on OpenSSH's sftp-server (what the lab copies)", () => {
  it('refuses a rename over an existing file, and posix-rename replaces it', async () => {
    const fixture = await startSshFixture({ addresses: ['127.0.6.4'] });
    const sshd = fixture.sshds[0]!;
    const client = new Client();
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve).once('error', reject);
        client.connect({
          host: sshd.address,
          port: sshd.port,
          username: 'root',
          privateKey: readFileSync(fixture.keyPath),
          hostVerifier: (key: Buffer) => key.equals(sshd.hostKey),
        });
      });
      const sftp = await openSftp(client);
      const dir = (await execSsh2(client, 'mktemp -d')).stdout.trim();
      await writeViaSftp(sftp, `${dir}/first`, '1\n', 0o644);
      await writeViaSftp(sftp, `${dir}/second`, '2\n', 0o644);
      await expect(call((done) => sftp.rename(`${dir}/first`, `${dir}/second`, done))).rejects.toMatchObject({
        code: 4,
      });
      await call((done) => sftp.ext_openssh_rename(`${dir}/first`, `${dir}/second`, done));
      expect((await execSsh2(client, `cat ${dir}/second; rm -rf ${dir}`)).stdout).toBe('1\n');
    } finally {
      client.end();
      await fixture.stop();
    }
  });
});
