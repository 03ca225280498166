import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { startSimulatedHosts, LabHostsError } from '../../../../src/lab/hosts';
import { makeHost } from '../../../helpers/inventory';
import { connectSsh2, execSsh2, makeLabInventory, runOpenSsh, startLab, type LabFixture } from './harness';

describe('simulated hosts over SSH', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it.each(['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2', 'engine'])(
    'lets the real OpenSSH client into %s with the lab key and strict known_hosts',
    async (host) => {
      const result = await runOpenSsh(lab.hosts, host, 'hostname -s');
      expect(result).toEqual({ stdout: `${host}\n`, stderr: '', exitCode: 0 });
    }
  );

  it("listens on each host's own loopback address", () => {
    expect(lab.hosts.endpoints['kvm-b2']?.address).toBe('127.10.2.22');
    expect(lab.hosts.endpoints.engine?.address).toBe('127.10.1.5');
  });

  it('writes known_hosts entries as [address]:port with the host keys', async () => {
    const knownHosts = await readFile(lab.hosts.knownHostsPath, 'utf8');
    const endpoint = lab.hosts.endpoints['kvm-a1'];
    expect(knownHosts).toMatch(
      new RegExp(`^\\[127\\.10\\.1\\.11\\]:${endpoint?.port} ssh-ed25519 AAAA\\S+ kvm-a1$`, 'm')
    );
    expect(knownHosts.trim().split('\n')).toHaveLength(5);
  });

  it('keeps the client private key readable by its owner only', async () => {
    expect((await stat(lab.hosts.clientKeyPath)).mode & 0o777).toBe(0o600);
  });

  it('refuses a key that is not the lab key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runbook-otherkey-'));
    const identity = join(dir, 'id_ed25519');
    await writeFile(identity, utils.generateKeyPairSync('ed25519').private, { mode: 0o600 });
    const result = await runOpenSsh(lab.hosts, 'kvm-a1', 'true', { identity });
    await rm(dir, { recursive: true });
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Permission denied');
  });

  it('refuses a host whose key differs from known_hosts', async () => {
    const knownHosts = (await readFile(lab.hosts.knownHostsPath, 'utf8')).replace(
      /^(\[127\.10\.1\.11\]:\d+) \S+ \S+/m,
      (_, pattern: string) =>
        `${pattern} ${utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ')}`
    );
    const path = join(lab.stateDir, 'wrong_known_hosts');
    await writeFile(path, knownHosts);
    const result = await runOpenSsh(lab.hosts, 'kvm-a1', 'true', { knownHosts: path });
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
  });

  it('refuses a user the inventory does not name', async () => {
    const result = await runOpenSsh(lab.hosts, 'kvm-a1', 'true', { user: 'admin' });
    expect(result.exitCode).toBe(255);
  });

  it('accepts the generated password and refuses another', async () => {
    const password = (await readFile(lab.hosts.passwordPath, 'utf8')).trim();
    const client = await connectSsh2(lab.hosts, 'kvm-b1', { password });
    const result = await execSsh2(client, 'whoami');
    client.end();
    expect(result).toEqual({ stdout: 'root\n', stderr: '', exitCode: 0 });
    await expect(connectSsh2(lab.hosts, 'kvm-b1', { password: password + 'x' })).rejects.toThrow(
      /authentication methods failed/
    );
  });

  it('forwards through a host used as a jump host', async () => {
    const jump = lab.hosts.endpoints.engine;
    const proxy = `ssh -F /dev/null -i ${lab.hosts.clientKeyPath} -o UserKnownHostsFile=${lab.hosts.knownHostsPath} -o StrictHostKeyChecking=yes -o BatchMode=yes -p ${jump?.port} -W %h:%p root@${jump?.address}`;
    const result = await runOpenSsh(lab.hosts, 'kvm-b1', 'hostname -s', { extraArgs: ['-o', `ProxyCommand=${proxy}`] });
    expect(result).toEqual({ stdout: 'kvm-b1\n', stderr: '', exitCode: 0 });
  });

  it('answers an unknown command with exit 127 and says what the lab simulates', async () => {
    const result = await runOpenSsh(lab.hosts, 'kvm-a2', 'frobnicate --now');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toMatch(
      /^bash: frobnicate: command not found \(the runbook lab simulates only .*dnf.*; see docs\/lab\.md\)\n$/
    );
  });
});

describe('simulated hosts across restarts', () => {
  it('keep their host keys, so known_hosts stays valid', async () => {
    const lab = await startLab();
    try {
      const keysBefore = (await readFile(lab.hosts.knownHostsPath, 'utf8'))
        .split('\n')
        .map((line) => line.split(' ').slice(1).join(' '));
      await lab.restart();
      const keysAfter = (await readFile(lab.hosts.knownHostsPath, 'utf8'))
        .split('\n')
        .map((line) => line.split(' ').slice(1).join(' '));
      expect(keysAfter).toEqual(keysBefore);
      expect((await runOpenSsh(lab.hosts, 'kvm-b2', 'true')).exitCode).toBe(0);
    } finally {
      await lab.cleanup();
    }
  });
});

describe('starting simulated hosts', () => {
  it.each([['10.10.1.11'], ['192.168.0.5'], ['::1'], ['kvm-a1.example.com']])(
    'refuses an inventory address %s outside 127.0.0.0/8',
    async (address) => {
      const inventory = makeLabInventory();
      inventory.hosts['kvm-a1'] = makeHost('kvm-a1', 'primary', { address });
      const stateDir = await mkdtemp(join(tmpdir(), 'runbook-refuse-'));
      const started = startSimulatedHosts({ inventory, stateDir, port: 0 });
      await expect(started).rejects.toThrow(LabHostsError);
      await expect(started).rejects.toThrow(`the lab refuses to start: kvm-a1 (${address}) not in 127.0.0.0/8`);
      await rm(stateDir, { recursive: true });
    }
  );

  it('says which host cannot listen when its port is taken', async () => {
    const lab = await startLab();
    try {
      const port = lab.hosts.endpoints['kvm-a1']?.port;
      const inventory = makeLabInventory();
      const stateDir = await mkdtemp(join(tmpdir(), 'runbook-busy-'));
      await expect(startSimulatedHosts({ inventory, stateDir, port })).rejects.toThrow(
        `simulated host kvm-a1 cannot listen on 127.10.1.11:${port}: EADDRINUSE`
      );
      await rm(stateDir, { recursive: true });
    } finally {
      await lab.cleanup();
    }
  });
});
