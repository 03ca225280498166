/** Adding hosts to a fresh lab (nothing preinstalled): the engine installs them in the background. */
import { HostStatus } from '../../../src/olvm';
import type { OlvmClient } from '../../../src/olvm';
import { advanceClockOnReads, POLL, startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';
import { loopbackOf } from '../../helpers/inventory';

let env: OlvmLab;
let client: OlvmClient;
beforeAll(async () => {
  env = await startOlvmLab({ preinstalled: false });
  client = env.connect({ onRequest: advanceClockOnReads(env.lab, 5_000, '/hosts/') });
});
afterAll(() => env.close());

it('adds a host by cluster name and waits for it to come up', async () => {
  const added = await client.hosts.add(
    {
      name: 'kvm-a1',
      address: loopbackOf('kvm-a1'),
      cluster: { name: 'stretch' },
      rootPassword: 'lab-root-pw',
      spmPriority: 8,
    },
    { correlationId: 'add-kvm-a1' }
  );
  expect(added).toMatchObject({ name: 'kvm-a1', status: HostStatus.INSTALLING, spm: { priority: 8 } });
  const { host, trail } = await client.hosts.waitForStatus(added.id, [HostStatus.UP], {
    ...POLL,
    failOn: [HostStatus.INSTALL_FAILED],
  });
  expect(host.status).toBe(HostStatus.UP);
  expect(trail[0]).toBe(HostStatus.INSTALLING);
  expect(trail).toContain(HostStatus.INITIALIZING);
  const jobs = await client.jobs.findByCorrelationId('add-kvm-a1');
  expect(jobs.map((j) => j.description).join(' ')).toMatch(/kvm-a1/);
});

it('adds a host left in maintenance when asked not to activate it', async () => {
  const added = await client.hosts.add(
    { name: 'kvm-a2', address: loopbackOf('kvm-a2'), cluster: { name: 'stretch' }, rootPassword: 'lab-root-pw' },
    { correlationId: 'add-kvm-a2', isActivate: false }
  );
  const { host } = await client.hosts.waitForStatus(added.id, [HostStatus.MAINTENANCE, HostStatus.UP], POLL);
  expect(host.status).toBe(HostStatus.MAINTENANCE);
});

it('refuses a host name already in use', async () => {
  await expect(
    client.hosts.add(
      { name: 'kvm-a1', address: loopbackOf('kvm-a1'), cluster: { name: 'stretch' }, rootPassword: 'lab-root-pw' },
      { correlationId: 'add-dup' }
    )
  ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^engine refused add of host kvm-a1: /) });
});
