import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sshPackage } from '../../../../src/modules/ssh/package';
import { sshService } from '../../../../src/modules/ssh/service';
import type { FakeElTools } from '../../../helpers/fake-el-tools';
import { installFakeElTools } from '../../../helpers/fake-el-tools';
import type { SshFixture } from '../../../helpers/ssh-fixture';
import { startSshFixture } from '../../../helpers/ssh-fixture';
import type { SshModuleHarness } from '../../../helpers/ssh-module';
import { sshModuleHarness } from '../../../helpers/ssh-module';
import { describeSshd } from '../../../helpers/sshd';

describeSshd('ssh.package and ssh.service on a real sshd (rpm, dnf, systemctl stand-ins)', () => {
  let tools: FakeElTools;
  let fixture: SshFixture;
  let harness: SshModuleHarness;

  beforeAll(async () => {
    tools = installFakeElTools();
    for (const p of ['ovirt-engine', 'oracle-ovirt-release-el8']) writeFileSync(join(tools.state, 'available', p), '');
    writeFileSync(join(tools.state, 'pkgs', 'oracle-ovirt-release-el8'), '');
    writeFileSync(join(tools.state, 'units', 'ovirt-engine'), '');
    fixture = await startSshFixture({ addresses: ['127.0.6.3'], extraConfig: tools.sshdConfig });
    harness = sshModuleHarness(fixture);
  });
  afterAll(async () => {
    await harness?.close();
    await fixture?.stop();
  });

  const log = () => (existsSync(join(tools.state, 'log')) ? readFileSync(join(tools.state, 'log'), 'utf8') : '');

  it('plans with rpm -q and installs only the missing packages, then has nothing to do', async () => {
    const args = { name: ['oracle-ovirt-release-el8', 'ovirt-engine'] };
    const dry = await harness.run(sshPackage, args, { isDryRun: true });
    expect(dry.plan.changes).toEqual([
      { path: 'package:ovirt-engine', from: 'absent', to: 'installed', note: 'would dnf install ovirt-engine' },
    ]);
    expect(log()).toBe('');
    const { result } = await harness.run(sshPackage, args);
    expect(result).toMatchObject({ rc: 0, packages: ['ovirt-engine'] });
    expect(log()).toContain('dnf install ovirt-engine');
    expect((await harness.run(sshPackage, args)).plan.status).toBe('none');
  });

  it('removes an installed package when state is absent', async () => {
    const { plan } = await harness.run(sshPackage, { name: 'ovirt-engine', state: 'absent' });
    expect(plan.changes.map((c) => c.path)).toEqual(['package:ovirt-engine']);
    expect(existsSync(join(tools.state, 'pkgs', 'ovirt-engine'))).toBe(false);
  });

  it('fails with dnf output when a package cannot be found', async () => {
    await expect(harness.run(sshPackage, { name: 'no-such-package' })).rejects.toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: expect.stringContaining('Unable to find a match: no-such-package'),
    });
  });

  it('starts and enables a service, then reports it in the desired state', async () => {
    const args = { name: 'ovirt-engine', state: 'started' as const, enabled: true };
    const { plan } = await harness.run(sshService, args);
    expect(plan.changes).toEqual([
      { path: 'enabled', from: 'disabled', to: 'enabled' },
      { path: 'state', from: 'inactive', to: 'active' },
    ]);
    expect(log()).toContain('systemctl enable ovirt-engine\nsystemctl start ovirt-engine\n');
    expect((await harness.run(sshService, args)).plan).toMatchObject({ status: 'none', result: { active: 'active' } });
  });

  it('always restarts when asked to, and stops a running service', async () => {
    expect((await harness.run(sshService, { name: 'ovirt-engine', state: 'restarted' })).plan.status).toBe('changes');
    expect(log()).toContain('systemctl restart ovirt-engine');
    await harness.run(sshService, { name: 'ovirt-engine', state: 'stopped' });
    expect(existsSync(join(tools.state, 'units', 'ovirt-engine.active'))).toBe(false);
  });

  it('names a unit that does not exist', async () => {
    await expect(harness.run(sshService, { name: 'nope', state: 'started' })).rejects.toMatchObject({
      message: expect.stringContaining('no unit nope'),
    });
  });
});
