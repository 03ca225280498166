import { createSshPool } from '../../../src/ssh';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { describeSshd } from '../../helpers/sshd';

const HOSTS = 12;

describeSshd('many hosts at once, one sshd per loopback address', () => {
  let fixture: SshFixture;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: Array.from({ length: HOSTS }, (_, i) => `127.0.5.${i + 1}`) });
  }, 60_000);
  afterAll(async () => fixture?.stop());

  it('runs steps on every host concurrently, each host over its own single connection', async () => {
    const hosts = fixture.sshds.map((_, i) => fixture.host(i));
    const pool = createSshPool(fixture.inventory(hosts), { isDryRun: false });
    try {
      const perHost = await Promise.all(
        hosts.map(async (host) => {
          const session = await pool.session(host);
          const steps = [];
          for (let step = 0; step < 3; step++) steps.push(await session.exec('echo "$SSH_CONNECTION"'));
          return steps.map((r) => r.stdout.trim());
        })
      );
      perHost.forEach((connections, i) => {
        expect(new Set(connections).size).toBe(1);
        expect(connections[0]!.split(' ')[2]).toBe(`127.0.5.${i + 1}`);
      });
    } finally {
      await pool.close();
    }
  });
});
