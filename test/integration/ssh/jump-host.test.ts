import { createSshPool } from '../../../src/ssh';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { describeSshd } from '../../helpers/sshd';

describeSshd('reaching a host through a jump host', () => {
  let fixture: SshFixture;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.3.6', '127.0.3.7'] });
  });
  afterAll(async () => fixture?.stop());

  it('runs commands on the target through the bastion, and fails when the bastion is gone', async () => {
    const bastion = fixture.host(0, { name: 'bastion' });
    const target = fixture.host(1, { name: 'target' });
    const inventory = fixture.inventory([bastion, target], { jumpHost: 'bastion' });
    const pool = createSshPool(inventory, { isDryRun: false });
    try {
      const session = await pool.session(target);
      expect((await session.exec('echo $SSH_CONNECTION')).stdout.split(' ')[2]).toBe('127.0.3.7');
    } finally {
      await pool.close();
    }
    await fixture.sshds[0]!.stop();
    const again = createSshPool(inventory, { isDryRun: false });
    try {
      await expect(again.session(target)).rejects.toMatchObject({ code: 'SSH_CONNECT_FAILED', host: 'bastion' });
    } finally {
      await again.close();
    }
  });
});
