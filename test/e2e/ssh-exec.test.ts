import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ExitCode } from '../../src/shared/errors';
import { fingerprintOf } from '../../src/ssh/known-hosts';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import type { SshFixture } from '../helpers/ssh-fixture';
import { startSshFixture } from '../helpers/ssh-fixture';
import { describeSshd } from '../helpers/sshd';

const RUNBOOK = `name: ssh e2e
vars: { dir: set-by-the-test }
steps:
  - id: hello
    hosts: all
    ssh.command: { cmd: "echo hello from {{ host.name }}" }
    register: hello
  - id: config
    hosts: site:primary
    ssh.copy: { dest: "{{ dir }}/{{ host.name }}.conf", content: "greeting={{ hello.stdout | trim }}\\n", mode: "0640" }
  - id: marker
    hosts: all
    ssh.command: { cmd: "touch {{ dir }}/{{ host.name }}.done", creates: "{{ dir }}/{{ host.name }}.done" }
`;

function inventoryYaml(fixture: SshFixture): string {
  const host = (i: number) => `{ address: ${fixture.sshds[i]!.address}, port: ${fixture.sshds[i]!.port} }`;
  return `name: ssh-e2e
engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }
cluster: { name: stretch, data_center: dc1 }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: ${host(0)}, kvm-a2: ${host(1)} } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: ${host(2)} } }
ssh: { user: root, key_file: ${fixture.keyPath}, known_hosts: ${fixture.knownHostsPath}, host_key_checking: strict }
`;
}

describeSshd('runbook exec with ssh steps against real sshd hosts', () => {
  let fixture: SshFixture;
  let dir: TestDir;
  let remote: string;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.7.1', '127.0.7.2', '127.0.7.3'] });
    dir = testdir({ 'runbook.yaml': RUNBOOK, 'inventory.yaml': inventoryYaml(fixture) });
    remote = dir.file('remote');
  });
  afterAll(async () => {
    dir?.cleanup();
    await fixture?.stop();
  });

  const exec = (...args: string[]) =>
    runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `dir=${remote}`, ...args], { cwd: dir.path });

  // Root logins on this machine source a slow ~/.bashrc for every command: allow for it on a loaded machine.
  it('plans without touching the hosts, runs, then finds nothing to change', async () => {
    mkdirSync(remote);
    const dry = await exec('--dry-run');
    expect(dry.code).toBe(ExitCode.OK);
    expect(existsSync(`${remote}/kvm-a1.done`)).toBe(false);

    const first = await exec();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(ExitCode.OK);
    expect(first.stdout).toContain('[hello] kvm-b1 | hello from kvm-b1');
    expect(readFileSync(`${remote}/kvm-a2.conf`, 'utf8')).toBe('greeting=hello from kvm-a2\n');
    for (const host of ['kvm-a1', 'kvm-a2', 'kvm-b1']) expect(existsSync(`${remote}/${host}.done`)).toBe(true);

    const second = await exec();
    expect(second.code).toBe(ExitCode.OK);
    expect(second.stdout).toMatch(/\b5 ok, 3 changed\b/);
  }, 120_000);

  it('fails the step, naming the host and both fingerprints, when the host key changed', async () => {
    const other = testdir({ known_hosts: '' });
    writeFileSync(
      other.file('known_hosts'),
      fixture.sshds[0]!.knownHostsLine.replace(
        /ssh-ed25519 \S+/,
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBn0sPYsSFXwvq7JVCh1hzhxeb9nWfK1NQvIKIQIiNWH'
      )
    );
    const inventory = inventoryYaml(fixture).replace(fixture.knownHostsPath, other.file('known_hosts'));
    writeFileSync(dir.file('inventory-bad.yaml'), inventory);
    const result = await runCli(
      ['exec', 'runbook.yaml', '-i', 'inventory-bad.yaml', '-e', `dir=${remote}`, '--limit', 'kvm-a1'],
      {
        cwd: dir.path,
      }
    );
    other.cleanup();
    // A host whose key does not match is not connected to (as Ansible's UNREACHABLE): exit 5, docs/errors.md.
    expect(result.code).toBe(ExitCode.CONNECTION);
    expect(result.stdout).toContain('[hello] kvm-a1: failed');
    expect(result.stdout).toContain('HOST KEY MISMATCH');
    expect(result.stdout).toContain(fingerprintOf(fixture.sshds[0]!.hostKey));
    expect(result.stdout).toContain('SHA256:HnROvCsrn18P9w9SicfX9z6z8498jW+1Z2GYETIsPWw');
  });
});
