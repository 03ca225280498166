/**
 * runbook's own SSH transport (src/ssh) against the simulated hosts: the probes, pid markers, sudo wrapping,
 * SFTP uploads with posix-rename and the become install script all have to work as they do on a real host.
 */
import { readFile } from 'node:fs/promises';
import { createSshPool, type SshPool } from '../../../../src/ssh';
import type { HostEntry, Inventory } from '../../../../src/inventory/types';
import { makeHost } from '../../../helpers/inventory';
import { ADDRESSES, makeLabInventory, runOpenSsh, startLab, type LabFixture } from './harness';

/** The inventory a lab user would get: ports, key and known_hosts pointing at the running lab. */
function patchInventory(lab: LabFixture, inventory: Inventory): Inventory {
  const hosts: Record<string, HostEntry> = {};
  for (const [name, host] of Object.entries(inventory.hosts))
    hosts[name] = { ...host, port: lab.hosts.endpoints[name]?.port ?? 0 };
  return {
    ...inventory,
    hosts,
    ssh: { ...inventory.ssh, keyFile: lab.hosts.clientKeyPath, knownHosts: lab.hosts.knownHostsPath },
  };
}

describe('the SSH transport against simulated hosts', () => {
  let lab: LabFixture;
  let pool: SshPool;
  let inventory: Inventory;
  let password: string;
  const session = (name: string) => pool.session(inventory.hosts[name] as HostEntry);

  beforeAll(async () => {
    const base = makeLabInventory();
    base.hosts['kvm-b2'] = makeHost('kvm-b2', 'secondary', { address: ADDRESSES['kvm-b2'], user: 'ops', become: true });
    lab = await startLab({ inventory: base });
    password = (await readFile(lab.hosts.passwordPath, 'utf8')).trim();
    inventory = patchInventory(lab, base);
    inventory.hosts['kvm-b2'] = {
      ...(inventory.hosts['kvm-b2'] as HostEntry),
      becomePassword: { ref: `file:${lab.hosts.passwordPath}` },
    };
    pool = createSshPool(inventory, { isDryRun: false });
  });
  afterAll(async () => {
    await pool.close();
    await lab.cleanup();
  });

  it('runs an argv command and reports its exit status and output', async () => {
    const result = await (await session('kvm-a1')).exec(['rpm', '-q', 'vdsm', 'bash']);
    expect(result).toMatchObject({
      exitCode: 1,
      stdout: expect.stringMatching(/^package vdsm is not installed\nbash-\S+\n$/),
      stderr: '',
    });
  });

  it('runs a shell string with stdin', async () => {
    const result = await (
      await session('kvm-a1')
    ).exec('cat > /root/in.txt && wc -l /root/in.txt', { stdin: 'a\nb\n' });
    expect(result).toMatchObject({ exitCode: 0, stdout: '2\n', stderr: '' });
  });

  it('reads, stats and atomically writes files over SFTP', async () => {
    const ssh = await session('engine');
    expect(await ssh.readFile('/etc/oracle-release')).toEqual(Buffer.from('Oracle Linux Server release 8.10\n'));
    expect(await ssh.readFile('/etc/nope')).toBeUndefined();
    await ssh.writeFile('/root/engine-answers.conf', '[environment:default]\n', { mode: 0o600 });
    await ssh.writeFile(
      '/root/engine-answers.conf',
      '[environment:default]\nOVESETUP_CONFIG/fqdn=str:engine.lab.test\n'
    );
    expect(await ssh.stat('/root/engine-answers.conf')).toEqual({
      size: 63,
      mode: 0o600,
      uid: 0,
      gid: 0,
      isFile: true,
      isDirectory: false,
    });
    const leftovers = Object.keys(lab.hosts.hostState('engine').files).filter((path) => path.includes('.runbook'));
    expect(leftovers).toEqual([]);
  });

  it('becomes root through sudo with the become password', async () => {
    const ssh = await session('kvm-b2');
    expect((await ssh.exec('id -un', { become: false })).stdout).toBe('ops\n');
    expect((await ssh.exec('id -un')).stdout).toBe('root\n');
    const installed = await ssh.exec(['dnf', 'install', '-y', 'oracle-ovirt-release-el8'], { become: true });
    expect(installed.exitCode).toBe(0);
  });

  it('writes a root-owned file as a non-root user through the become install script', async () => {
    const ssh = await session('kvm-b2');
    await ssh.writeFile('/etc/vdsm-extra.conf', 'key = value\n', {
      mode: 0o640,
      owner: 'root',
      group: 'root',
      become: true,
    });
    const check = await runOpenSsh(lab.hosts, 'kvm-b2', "sudo -S -p '' stat -c '%a %U %G %s' /etc/vdsm-extra.conf", {
      user: 'ops',
      stdin: `${password}\n`,
    });
    expect(check.stdout).toBe('640 root root 12\n');
    expect(await ssh.readFile('/etc/vdsm-extra.conf', { become: true })).toEqual(Buffer.from('key = value\n'));
    const leftovers = Object.keys(lab.hosts.hostState('kvm-b2').files).filter((path) => path.includes('.runbook'));
    expect(leftovers).toEqual([]);
  });
});
