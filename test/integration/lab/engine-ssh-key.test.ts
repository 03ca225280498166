/**
 * The engine installs a simulated host only as a real engine could: logging in over SSH with its own key, which
 * must be in root's authorized_keys (fetched from pki-resource and put there beforehand), or with the right root
 * password (it then copies its key there itself). Otherwise the add is refused, or the install fails, with the
 * engine's messages (src/lab/world/host-deploy.ts cites them).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type RunningLab } from '../../../src/lab/runtime';
import { ADDRESSES, makeLabInventory, runOpenSsh } from './hosts/harness';
import type { Doc } from './http';
import { basicAuth, get, items, post } from './http';

const MINUTE = 60_000;
const AUTH_FAILED =
  '[Cannot add Host. SSH authentication failed, verify authentication parameters are correct (Username/Password, ' +
  'public-key etc.) You may refer to the engine.log file for further details.]';
const BY_KEY = { ssh: { authentication_method: 'publickey' } };

describe('the lab engine installing hosts over SSH', () => {
  let stateDir: string;
  let lab: RunningLab;
  let auth: { auth: string };
  let rootPassword: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'runbook-lab-engine-key-'));
    const inventory = makeLabInventory({ lab: { latencyMs: 2, speed: 0, seed: 7 } });
    lab = await startLab({ inventory, stateDir, speed: 0, isOnFreePorts: true });
    auth = { auth: basicAuth((await readFile(join(stateDir, 'admin-password'), 'utf8')).trim()) };
    rootPassword = (await readFile(join(stateDir, 'host-password'), 'utf8')).trim();
    for (const host of ['kvm-a1', 'kvm-a2', 'kvm-b1'])
      expect((await runOpenSsh(lab.hosts, host, 'dnf install -y -q oracle-ovirt-release-el8')).exitCode).toBe(0);
  });
  afterAll(async () => {
    await lab.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const add = (name: keyof typeof ADDRESSES, credentials: Record<string, unknown>) =>
    post(lab.engine, '/hosts', { name, address: ADDRESSES[name], cluster: { name: 'stretch' }, ...credentials }, auth);
  const host = async (name: string): Promise<Doc> =>
    items((await get(lab.engine, '/hosts', auth)).body, 'host').find((h) => h.name === name);
  const engineKey = async (): Promise<string> => {
    const url = new URL('/ovirt-engine/services/pki-resource', lab.engine.url);
    url.search = 'resource=engine-certificate&format=OPENSSH-PUBKEY';
    return (await fetch(url)).text();
  };
  const authorize = (name: string, mode: string, key: string) =>
    runOpenSsh(
      lab.hosts,
      name,
      `mkdir -p /root/.ssh && cat >> /root/.ssh/authorized_keys && chmod ${mode} /root/.ssh/authorized_keys`,
      {
        stdin: key,
      }
    );
  const installFailures = async (name: string): Promise<string[]> => {
    const events = items((await get(lab.engine, '/events?search=type%3D505', auth)).body, 'event');
    return events.filter((e) => String(e.description).startsWith(`Host ${name} `)).map((e) => String(e.description));
  };

  it("refuses to add a host by the engine's key before the key is authorized there, with the engine's message", async () => {
    const refused = await add('kvm-a1', BY_KEY);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'Operation Failed', detail: AUTH_FAILED });
    expect(await host('kvm-a1')).toBeUndefined();
  });

  it('refuses a wrong root password the same way, and no password at all as the engine does', async () => {
    expect((await add('kvm-a1', { root_password: 'not-the-password' })).body.detail).toBe(AUTH_FAILED);
    const empty = await add('kvm-a1', {});
    expect([empty.status, empty.body.detail]).toEqual([400, '[Cannot install Host with empty password.]']);
  });

  it('installs a host once the key from pki-resource is in root’s authorized_keys, and that key logs in', async () => {
    const key = await engineKey();
    expect(key).toMatch(/^ssh-rsa \S+ ovirt-engine\n$/);
    expect((await authorize('kvm-a1', '600', key)).exitCode).toBe(0);
    expect((await add('kvm-a1', BY_KEY)).status).toBe(201);
    lab.engine.clock.advance(MINUTE);
    expect((await host('kvm-a1')).status).toBe('up');
    const asEngine = await runOpenSsh(lab.hosts, 'kvm-a1', 'rpm -q vdsm', {
      identity: join(stateDir, 'tls', 'engine.key'),
    });
    expect(asEngine).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^vdsm-/) });
  });

  it("ignores an authorized_keys file that others may write, as sshd's StrictModes does", async () => {
    expect((await authorize('kvm-b1', '666', await engineKey())).exitCode).toBe(0);
    expect((await add('kvm-b1', BY_KEY)).body.detail).toBe(AUTH_FAILED);
    expect(await host('kvm-b1')).toBeUndefined();
  });

  it('copies its key into root’s authorized_keys when it is given the root password (ssh-copy-id)', async () => {
    expect((await add('kvm-a2', { root_password: rootPassword })).status).toBe(201);
    lab.engine.clock.advance(MINUTE);
    expect((await host('kvm-a2')).status).toBe('up');
    const keys = await runOpenSsh(
      lab.hosts,
      'kvm-a2',
      'cat /root/.ssh/authorized_keys; stat -c %a /root/.ssh/authorized_keys'
    );
    expect(keys.stdout).toBe(`${await engineKey()}600\n`);
  });

  it("fails a reinstall by key once the key is gone from the host, with the engine's event", async () => {
    const kvmA2 = await host('kvm-a2');
    expect((await post(lab.engine, `/hosts/${kvmA2.id}/deactivate`, {}, auth)).status).toBe(200);
    lab.engine.clock.advance(MINUTE);
    expect((await runOpenSsh(lab.hosts, 'kvm-a2', 'rm /root/.ssh/authorized_keys')).exitCode).toBe(0);
    expect((await post(lab.engine, `/hosts/${kvmA2.id}/install`, BY_KEY, auth)).status).toBe(200);
    lab.engine.clock.advance(MINUTE);
    expect((await host('kvm-a2')).status).toBe('install_failed');
    expect(await installFailures('kvm-a2')).toEqual([
      'Host kvm-a2 installation failed. Failed to execute Ansible host-deploy: Failed to connect to the host via ' +
        'ssh: root@127.10.1.12: Permission denied (publickey,password). Please check logs for more details: ' +
        '/var/log/ovirt-engine/host-deploy/ovirt-host-deploy-ansible-127.10.1.12.log.',
    ]);
  });

  it('fails a reinstall given a wrong root password: the engine cannot copy its key', async () => {
    const kvmA2 = await host('kvm-a2');
    expect((await post(lab.engine, `/hosts/${kvmA2.id}/install`, { root_password: 'wrong' }, auth)).status).toBe(200);
    lab.engine.clock.advance(MINUTE);
    expect((await installFailures('kvm-a2'))[0]).toBe(
      "Host kvm-a2 installation failed. ssh-copy-id command failed: SSH authentication to 'root@127.10.1.12' " +
        'failed. Please verify provided credentials. Make sure host is configured for password authentication.'
    );
    expect((await post(lab.engine, `/hosts/${kvmA2.id}/install`, { root_password: rootPassword }, auth)).status).toBe(
      200
    );
    lab.engine.clock.advance(MINUTE);
    expect((await host('kvm-a2')).status).toBe('maintenance');
  });

  it('fails the install of a host without the oVirt repository, saying why', async () => {
    expect((await add('kvm-b2', { root_password: rootPassword })).status).toBe(201);
    lab.engine.clock.advance(MINUTE);
    expect((await host('kvm-b2')).status).toBe('install_failed');
    expect(await installFailures('kvm-b2')).toEqual([
      'Host kvm-b2 installation failed. kvm-b2 has no oVirt repository: install oracle-ovirt-release-el8 on it first.',
    ]);
  });

  it('refuses a host nothing answers for, as the engine cannot connect', async () => {
    const refused = await post(
      lab.engine,
      '/hosts',
      { name: 'ghost', address: '127.10.9.9', root_password: 'x', cluster: { name: 'stretch' } },
      auth
    );
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/^\[Cannot add Host\. Connecting to host via SSH has failed/);
  });
});
