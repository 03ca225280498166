import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import { ValidationError } from '../../../src/shared/errors';

const GiB = 1024 ** 3;

describe('loadInventory of inventories/lab.yaml', () => {
  it('loads two sites of three hosts, the engine machine, and twelve VMs', async () => {
    const inventory = await loadInventory('inventories/lab.yaml', { stateDir: '/var/lib/runbook-lab' });
    expect(inventory.name).toBe('lab');
    expect(inventory.path).toBe(nodePath.resolve('inventories/lab.yaml'));
    expect(Object.keys(inventory.hosts)).toEqual([
      'kvm-a1',
      'kvm-a2',
      'kvm-a3',
      'kvm-b1',
      'kvm-b2',
      'kvm-b3',
      'engine',
    ]);
    expect(inventory.sites.primary).toEqual({
      role: 'primary',
      name: 'site-a',
      storageDomains: ['data-a'],
      hosts: ['kvm-a1', 'kvm-a2', 'kvm-a3'],
      vars: {},
    });
    expect(inventory.sites.secondary.hosts).toEqual(['kvm-b1', 'kvm-b2', 'kvm-b3']);
    expect(inventory.vms).toHaveLength(12);
    expect(inventory.vms.filter((vm) => vm.site === 'primary')).toHaveLength(6);
    expect(inventory.vms.every((vm) => vm.memory >= GiB && vm.memory <= 8 * GiB)).toBe(true);
    expect(inventory.storage).toEqual({ replication: 'synchronous', isReplicated: true });
    expect(inventory.rtoMs).toBe(4 * 60_000);
    expect(inventory.lab).toEqual({ latencyMs: 2, speed: 180, seed: 42 });
  });

  it('puts every host on its own loopback address with the lab SSH port', async () => {
    const inventory = await loadInventory('inventories/lab.yaml');
    expect(inventory.hosts['kvm-a1']).toMatchObject({
      address: '127.10.1.11',
      port: 2222,
      site: 'primary',
      hostedEngine: true,
    });
    expect(inventory.hosts['kvm-b3']).toMatchObject({ address: '127.10.2.23', site: 'secondary', hostedEngine: false });
    expect(inventory.hosts.engine).toMatchObject({ address: '127.10.0.5', user: 'root', become: false });
    expect(inventory.hosts.engine?.site).toBeUndefined();
    expect(Object.values(inventory.hosts).every((h) => h.address.startsWith('127.'))).toBe(true);
  });

  it("defaults the lab key, known_hosts, admin password and the lab's CA into the state directory", async () => {
    const inventory = await loadInventory('inventories/lab.yaml', { stateDir: '/var/lib/runbook-lab' });
    expect(inventory.ssh).toEqual({
      user: 'root',
      keyFile: '/var/lib/runbook-lab/id_ed25519',
      knownHosts: '/var/lib/runbook-lab/known_hosts',
      hostKeyChecking: 'strict',
      connectTimeoutMs: 10_000,
    });
    expect(inventory.hosts['kvm-a2']?.auth).toEqual({ keyFile: '/var/lib/runbook-lab/id_ed25519' });
    expect(inventory.engine).toEqual({
      kind: 'standalone',
      host: 'engine',
      url: 'https://127.0.0.1:18180/ovirt-engine/api',
      username: 'admin@internal',
      password: { ref: 'file:/var/lib/runbook-lab/admin-password' },
      caFile: '/var/lib/runbook-lab/tls/ca.pem',
      insecure: false,
      ha: 'external',
    });
  });

  it('defaults the state directory to .runbook/lab under the working directory', async () => {
    const inventory = await loadInventory('inventories/lab.yaml');
    expect(inventory.ssh.keyFile).toBe(nodePath.join(process.cwd(), '.runbook', 'lab', 'id_ed25519'));
  });

  it('resolves groups written as selectors and gives each HA VM a lease on its site', async () => {
    const inventory = await loadInventory('inventories/lab.yaml');
    expect(inventory.groups.kvm).toEqual(['kvm-a1', 'kvm-a2', 'kvm-a3', 'kvm-b1', 'kvm-b2', 'kvm-b3']);
    expect(inventory.vms.find((vm) => vm.name === 'db-3')).toMatchObject({ lease: 'data-b', highAvailability: true });
    expect(inventory.vms.find((vm) => vm.name === 'batch-1')).toMatchObject({ highAvailability: false });
    expect(inventory.vms.find((vm) => vm.name === 'batch-1')?.lease).toBeUndefined();
  });
});

describe('loadInventory of a production-style inventory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(nodePath.join(tmpdir(), 'runbook-inventory-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const text = `name: prod
engine:
  kind: self-hosted
  url: https://engine.example.test/ovirt-engine/api
  password: file:secrets/engine-password
  ca_file: certs/engine-ca.pem
cluster: { name: stretch, data_center: dc1 }
sites:
  primary:
    storage_domains: [data-a]
    hosts:
      kvm-a1: { address: 10.0.1.11, hosted_engine: true, user: admin, key_file: ~/.ssh/kvm_key }
  secondary:
    storage_domains: [data-b]
    hosts:
      kvm-b1: { address: 10.0.2.21, hosted_engine: true, become_password: env:SUDO_PASSWORD }
hosts:
  bastion: { address: 10.0.0.2, port: 2200 }
groups:
  all-kvm: [group:firsts]
  firsts: [kvm-a1, kvm-b1]
ssh: { user: ops, key_file: keys/id_ed25519, known_hosts: ./known_hosts, jump_host: bastion, connect_timeout: 30s, host_key_checking: accept-new }
vms:
  - { name: db-1, site: primary }
`;

  it('resolves relative paths against the inventory directory and ~ against $HOME', async () => {
    const path = nodePath.join(dir, 'prod.yaml');
    await writeFile(path, text);
    const inventory = await loadInventory(path);
    expect(inventory.engine.caFile).toBe(nodePath.join(dir, 'certs/engine-ca.pem'));
    expect(inventory.engine.password).toEqual({ ref: `file:${nodePath.join(dir, 'secrets/engine-password')}` });
    expect(inventory.ssh.keyFile).toBe(nodePath.join(dir, 'keys/id_ed25519'));
    expect(inventory.ssh.knownHosts).toBe(nodePath.join(dir, 'known_hosts'));
    expect(inventory.hosts['kvm-a1']?.auth.keyFile).toBe(nodePath.join(homedir(), '.ssh/kvm_key'));
  });

  it('applies ssh defaults, become for non-root users, and self-hosted engine defaults', async () => {
    const path = nodePath.join(dir, 'prod.yaml');
    await writeFile(path, text);
    const inventory = await loadInventory(path);
    expect(inventory.hosts['kvm-a1']).toMatchObject({ user: 'admin', port: 22, become: true });
    expect(inventory.hosts['kvm-b1']).toMatchObject({
      user: 'ops',
      become: true,
      becomePassword: { ref: 'env:SUDO_PASSWORD' },
    });
    expect(inventory.hosts.bastion).toMatchObject({ port: 2200 });
    expect(inventory.ssh).toMatchObject({
      jumpHost: 'bastion',
      connectTimeoutMs: 30_000,
      hostKeyChecking: 'accept-new',
    });
    expect(inventory.engine).toMatchObject({ kind: 'self-hosted', ha: 'hosted-engine', username: 'admin@internal' });
    expect(inventory.groups).toEqual({ 'all-kvm': ['kvm-a1', 'kvm-b1'], firsts: ['kvm-a1', 'kvm-b1'] });
    expect(inventory.vms[0]).toEqual({
      name: 'db-1',
      site: 'primary',
      memory: GiB,
      highAvailability: true,
      priority: 1,
      lease: 'data-a',
      vars: {},
    });
    expect(inventory.storage).toEqual({ isReplicated: false });
    expect(inventory.lab).toBeUndefined();
  });

  it('reports a missing file as a problem naming it', async () => {
    const path = nodePath.join(dir, 'nope.yaml');
    await expect(loadInventory(path)).rejects.toThrow(ValidationError);
    await expect(loadInventory(path)).rejects.toThrow(`${path} no such file`);
  });
});
