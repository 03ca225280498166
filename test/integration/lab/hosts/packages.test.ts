import { makeHost } from '../../../helpers/inventory';
import { ADDRESSES, connectSsh2, execSsh2, makeLabInventory, runOpenSsh, startLab, type LabFixture } from './harness';
import { readFile } from 'node:fs/promises';

describe('packages and services on a simulated host', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLab({ installFailures: { 'kvm-b2': 'Curl error (28): Timeout was reached' } });
  });
  afterAll(async () => {
    await lab.cleanup();
  });
  const on = (host: string, command: string, stdin?: string) =>
    runOpenSsh(lab.hosts, host, command, stdin === undefined ? {} : { stdin });

  it('asks before installing without -y, and aborts when nobody answers', async () => {
    const result = await on('kvm-a1', 'dnf install oracle-ovirt-release-el8');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/Install {2}1 Package\n[\s\S]*Is this ok \[y\/N\]: $/);
    expect(result.stderr).toBe('Operation aborted.\n');
    expect((await on('kvm-a1', 'rpm -q oracle-ovirt-release-el8')).exitCode).toBe(1);
  });

  it('installs the oVirt release package, then vdsm with its dependencies', async () => {
    expect((await on('kvm-a1', 'dnf install -y oracle-ovirt-release-el8')).stdout).toMatch(
      /Installed:\n {2}oracle-ovirt-release-el8-\S+\n\nComplete!\n$/
    );
    const result = await on('kvm-a1', 'dnf -y install vdsm');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Installing:\n vdsm +x86_64 +4\.50\.5\.1-1\.el8 +ol8_ovirt45 /);
    expect(result.stdout).toMatch(/Installing dependencies:\n vdsm-client [\s\S]* libvirt [\s\S]* qemu-kvm /);
    expect((await on('kvm-a1', 'rpm -q vdsm vdsm-client libvirt qemu-kvm')).exitCode).toBe(0);
  });

  it('says a package is already installed and does nothing', async () => {
    const result = await on('kvm-a1', 'yum install -y vdsm');
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(
        /Package vdsm-4\.50\.5\.1-1\.el8\.x86_64 is already installed\.\nDependencies resolved\.\nNothing to do\.\nComplete!\n$/
      ),
    });
  });

  it('brings the services of installed packages under systemctl, stopped until started', async () => {
    expect((await on('kvm-a1', 'systemctl is-active vdsmd supervdsmd')).stdout).toBe('inactive\ninactive\n');
    const enabled = await on(
      'kvm-a1',
      'systemctl enable --now vdsmd && systemctl is-active vdsmd && systemctl is-enabled vdsmd'
    );
    expect(enabled.stdout).toMatch(/Created symlink .*vdsmd\.service\.\nactive\nenabled\n$/);
    expect(
      (
        await on(
          'kvm-a1',
          'systemctl stop vdsmd; systemctl is-active vdsmd; systemctl start vdsmd.service; systemctl status vdsmd'
        )
      ).stdout
    ).toMatch(
      /^inactive\n● vdsmd\.service - Virtual Desktop Server Manager\n.*enabled.*\n {3}Active: active \(running\)\n$/
    );
  });

  it('remembers packages and service states across a lab restart', async () => {
    await lab.restart();
    const result = await on('kvm-a1', 'rpm -q vdsm && systemctl is-active vdsmd');
    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^vdsm-\S+\nactive\n$/) });
  });

  it('removes a package with the packages that need it, and their services', async () => {
    await on('kvm-a1', 'dnf install -y ovirt-host');
    const result = await on('kvm-a1', 'dnf remove -y vdsm');
    expect(result.stdout).toMatch(/Removed:\n {2}vdsm-\S+\n {2}ovirt-host-\S+\n/);
    expect((await on('kvm-a1', 'rpm -q vdsm ovirt-host vdsm-client')).stdout).toMatch(
      /^package vdsm is not installed\npackage ovirt-host is not installed\nvdsm-client-\S+\n$/
    );
    expect((await on('kvm-a1', 'systemctl status vdsmd')).exitCode).toBe(4);
  });

  it('installs the engine only on the engine machine', async () => {
    const refused = await on('kvm-a2', 'dnf install -y oracle-ovirt-release-el8 ovirt-engine');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      'ovirt-engine belongs on the engine machine, and kvm-a2 is a hypervisor of site primary'
    );
    const installed = await on(
      'engine',
      'dnf install -y oracle-ovirt-release-el8 ovirt-engine && rpm -q ovirt-engine ovirt-engine-setup'
    );
    expect(installed.exitCode).toBe(0);
    expect(installed.stdout).toMatch(/ovirt-engine-4\.5\.5-\S+\novirt-engine-setup-4\.5\.5-\S+\n$/);
  });

  it('fails installs on a host with an injected repository failure', async () => {
    const result = await on('kvm-b2', 'dnf install -y oracle-ovirt-release-el8');
    expect(result).toEqual({
      exitCode: 1,
      stdout: '',
      stderr:
        "Error: Failed to download metadata for repo 'ol8_baseos_latest': Cannot download repomd.xml: Curl error (28): Timeout was reached\n",
    });
  });
});

describe('a non-root login user on a simulated host', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    const inventory = makeLabInventory();
    inventory.hosts['kvm-b1'] = makeHost('kvm-b1', 'secondary', {
      address: ADDRESSES['kvm-b1'],
      user: 'ops',
      become: true,
    });
    lab = await startLab({ inventory });
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it('needs superuser privileges for dnf and systemctl start', async () => {
    const dnf = await runOpenSsh(lab.hosts, 'kvm-b1', 'dnf install -y tmux', { user: 'ops' });
    expect(dnf).toMatchObject({
      exitCode: 1,
      stderr: 'Error: This command has to be run with superuser privileges (under the root user on most systems).\n',
    });
    const systemctl = await runOpenSsh(lab.hosts, 'kvm-b1', 'systemctl restart sshd', { user: 'ops' });
    expect(systemctl).toMatchObject({ exitCode: 4, stderr: 'Failed to restart sshd.service: Access denied\n' });
  });

  it.each([
    ['sudo -n dnf install -y tmux', 'sudo: a password is required\n'],
    [
      'sudo dnf install -y tmux',
      'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\n',
    ],
  ])('refuses `%s` without a password on stdin', async (command, stderr) => {
    expect(await runOpenSsh(lab.hosts, 'kvm-b1', command, { user: 'ops' })).toMatchObject({ exitCode: 1, stderr });
  });

  it('becomes root with sudo -S and the lab password, the way the SSH transport wraps commands', async () => {
    const password = (await readFile(lab.hosts.passwordPath, 'utf8')).trim();
    const client = await connectSsh2(lab.hosts, 'kvm-b1', { username: 'ops' });
    try {
      const wrong = await execSsh2(client, "sudo -S -p '' -- sh -c 'id -u'", 'not-the-password\n');
      expect(wrong).toMatchObject({ exitCode: 1, stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n' });
      const right = await execSsh2(
        client,
        "sudo -S -p '' -- sh -c 'id -un && dnf install -y -q tmux && rpm -q tmux'",
        `${password}\n`
      );
      expect(right).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^root\ntmux-\S+\n$/) });
    } finally {
      client.end();
    }
  });
});
