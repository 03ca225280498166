import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLab, startLabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import { basicAuth, post } from './http';
import { hostByName, MINUTE, startTestLab } from './lab-fixture';

describe('lab persistence and HTTPS', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves the world and loads it back, pending work included', async () => {
    const lab = await startTestLab();
    const host = await hostByName(lab, 'kvm-b1');
    await post(lab, `/hosts/${host.id}/deactivate`, { reason: 'saved' });
    const file = await lab.save(dir);
    await lab.close();
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
    const again = await loadLab(dir, { https: false, speed: 0 });
    try {
      expect(await hostByName(again, 'kvm-b1')).toMatchObject({ id: host.id, status: 'preparing_for_maintenance' });
      again.clock.advance(MINUTE);
      expect((await hostByName(again, 'kvm-b1')).status).toBe('maintenance');
    } finally {
      await again.close();
    }
  });

  it('resumes the world of its state directory, so an install and a drill see the same world', async () => {
    const first = await startLabEngine({
      inventory: makeInventory(),
      https: false,
      stateDir: dir,
      preinstalled: false,
      speed: 0,
    });
    const cluster = (await (
      await fetch(`${first.url}/clusters`, { headers: { Accept: 'application/json', Authorization: basicAuth() } })
    ).json()) as {
      cluster: { id: string }[];
    };
    await post(first, '/hosts', {
      name: 'kvm-a1',
      address: 'a1',
      root_password: 'x',
      cluster: { id: cluster.cluster[0]?.id },
    });
    first.clock.advance(MINUTE);
    await first.close();
    const second = await startLabEngine({
      inventory: makeInventory(),
      https: false,
      stateDir: dir,
      preinstalled: false,
      speed: 0,
    });
    try {
      expect((await hostByName(second, 'kvm-a1')).status).toBe('up');
    } finally {
      await second.close();
    }
  });

  it('refuses to load a directory without a saved world', async () => {
    await expect(loadLab(dir)).rejects.toThrow(/no lab world saved in/);
  });

  it('serves HTTPS with its own CA by default', async () => {
    const lab = await startLabEngine({
      inventory: makeInventory(),
      stateDir: dir,
      preinstalled: true,
      speed: 0,
    });
    try {
      expect(lab.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/ovirt-engine\/api$/);
      const ca = await readFile(lab.caFile ?? '', 'utf8');
      const status = await new Promise<number>((resolve, reject) => {
        const req = https.get(
          `${lab.url}/hosts`,
          { ca, headers: { Authorization: basicAuth(), Accept: 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }
        );
        req.on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await lab.close();
    }
  });
});
