/**
 * The whole lab (engine API + simulated SSH hosts) wired by startLab: power follows the world, the state survives
 * a restart, and the returned inventory points at the lab. Installs through the hosts: engine-ssh-key.test.ts.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '../../../src/inventory/types';
import { startLab, type RunningLab } from '../../../src/lab/runtime';
import { readLiveRuntimeRecord } from '../../../src/lab/runtime-file';
import { startEmbeddedLab } from '../../../src/lab/serve';
import { makeLabInventory, runOpenSsh } from './hosts/harness';
import { basicAuth, get } from './http';

function labInventory(overrides: Partial<Inventory> = {}): Inventory {
  return makeLabInventory({ lab: { latencyMs: 30, speed: 0, seed: 7 }, ...overrides });
}

describe('a lab started with startLab', () => {
  let stateDir: string;
  let lab: RunningLab;
  let password: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-runtime-'));
    lab = await startLab({ inventory: labInventory(), stateDir, speed: 0, isOnFreePorts: true });
    password = (await readFile(join(stateDir, 'admin-password'), 'utf8')).trim();
  });
  afterAll(async () => {
    await lab.close();
    await rm(stateDir, { recursive: true, force: true });
  });
  const auth = () => ({ auth: basicAuth(password) });

  it('returns an inventory that points at its engine, its SSH ports, keys and admin password', async () => {
    expect(lab.inventory.engine.url).toBe(lab.engine.url);
    expect(lab.inventory.engine.password).toEqual({ ref: `file:${join(stateDir, 'admin-password')}` });
    expect(lab.inventory.hosts['kvm-b1']?.port).toBe(lab.hosts.endpoints['kvm-b1']?.port);
    expect(lab.inventory.ssh).toMatchObject({
      keyFile: join(stateDir, 'id_ed25519'),
      knownHosts: join(stateDir, 'known_hosts'),
    });
    expect((await stat(join(stateDir, 'admin-password'))).mode & 0o777).toBe(0o600);
  });

  it('serves the engine API with the generated admin password only', async () => {
    expect((await get(lab.engine, '', auth())).status).toBe(200);
    expect((await get(lab.engine, '')).status).toBe(401);
  });

  it('stops answering SSH on a machine the world powers off, and answers again once it is back', async () => {
    lab.engine.world.powerOff('kvm-a2');
    await expect(waitFor(async () => (await runOpenSsh(lab.hosts, 'kvm-a2', 'true')).exitCode === 255)).resolves.toBe(
      true
    );
    expect(lab.hosts.isPoweredOn('kvm-a2')).toBe(false);
    lab.engine.world.powerOn('kvm-a2');
    await expect(waitFor(async () => (await runOpenSsh(lab.hosts, 'kvm-a2', 'true')).exitCode === 0)).resolves.toBe(
      true
    );
  });
});

describe('a lab across restarts', () => {
  it('keeps the world, the hosts and who is powered off', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-restart-'));
    const inventory = labInventory();
    let lab = await startLab({ inventory, stateDir, speed: 0, isOnFreePorts: true });
    try {
      await runOpenSsh(lab.hosts, 'kvm-b1', 'dnf install -y -q oracle-ovirt-release-el8 tmux');
      lab.engine.world.powerOff('secondary');
      await lab.close();
      lab = await startLab({ inventory, stateDir, speed: 0, isOnFreePorts: true });
      expect(lab.hosts.isPoweredOn('kvm-b1')).toBe(false);
      expect(lab.hosts.isPoweredOn('kvm-a1')).toBe(true);
      expect(lab.hosts.hostState('kvm-b1').packages).toHaveProperty('tmux');
      lab.engine.world.powerOn('secondary');
      await expect(
        waitFor(async () => (await runOpenSsh(lab.hosts, 'kvm-b1', 'rpm -q tmux')).exitCode === 0)
      ).resolves.toBe(true);
    } finally {
      await lab.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

describe('a preinstalled lab', () => {
  it.each([
    [
      'standalone',
      'engine',
      'rpm -q ovirt-engine >/dev/null && test -e /etc/ovirt-engine/engine.conf.d/10-setup-database.conf && systemctl is-active ovirt-engine',
      'active\n',
    ],
    ['standalone', 'kvm-b2', 'rpm -q vdsm >/dev/null && systemctl is-active vdsmd', 'active\n'],
    [
      'self-hosted',
      'kvm-a1',
      'hosted-engine --vm-status --json',
      /"hostname":"kvm-a1","score":3400,"engine-status":\{"vm":"up"/,
    ],
    [
      'self-hosted',
      'kvm-b1',
      'hosted-engine --vm-status --json',
      /"hostname":"kvm-b1","score":3400,"engine-status":\{"vm":"down_unexpected"/,
    ],
  ])('(%s) has %s set up as the install runbooks leave it', async (kind, host, command, expected) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-pre-'));
    const inventory = labInventory();
    inventory.engine = {
      ...inventory.engine,
      kind: kind as 'standalone' | 'self-hosted',
      ...(kind === 'self-hosted' ? { ha: 'hosted-engine' as const } : {}),
    };
    const lab = await startLab({ inventory, stateDir, speed: 0, isOnFreePorts: true, preinstalled: true });
    try {
      const result = await runOpenSsh(lab.hosts, host, command);
      expect(result.exitCode).toBe(0);
      if (typeof expected === 'string') expect(result.stdout).toBe(expected);
      else expect(result.stdout).toMatch(expected);
    } finally {
      await lab.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

describe('a lab embedded in another command (runbook exec)', () => {
  it('is served with its runtime record unless one is running, and not for an inventory that is not a lab', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-embedded-'));
    const inventory = labInventory();
    inventory.engine = { ...inventory.engine, url: 'http://127.0.0.1:0/ovirt-engine/api' };
    inventory.hosts = Object.fromEntries(
      Object.entries(inventory.hosts).map(([name, host]) => [name, { ...host, port: 0 }])
    );
    try {
      const { lab: _lab, ...notLab } = inventory;
      expect(await startEmbeddedLab(notLab, stateDir)).toBeUndefined();
      const served = await startEmbeddedLab(inventory, stateDir);
      expect(served).toBeDefined();
      const record = await readLiveRuntimeRecord(stateDir);
      expect(record).toMatchObject({ pid: process.pid, engineUrl: served?.lab.engine.url });
      expect(await startEmbeddedLab(inventory, stateDir)).toBeUndefined();
      await served?.close();
      expect(await readLiveRuntimeRecord(stateDir)).toBeUndefined();
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

describe('starting a lab', () => {
  it('refuses an engine URL that is not on 127.0.0.1', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-url-'));
    const inventory = labInventory();
    inventory.engine = { ...inventory.engine, url: 'https://engine.example.com/ovirt-engine/api' };
    await expect(startLab({ inventory, stateDir, isOnFreePorts: true })).rejects.toThrow(
      "the lab engine listens on 127.0.0.1 only, and the inventory's engine.url is https://engine.example.com/ovirt-engine/api"
    );
    await rm(stateDir, { recursive: true, force: true });
  });
});

/** Polls a condition (SSH power follows the world asynchronously); gives up after a few seconds. */
async function waitFor(condition: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
