/**
 * ssh.authorized_key on a real sshd: keys added once (compared by key material, not comment), the file kept as
 * sshd's StrictModes wants it, removal, dry-run, and refused arguments. The file lives in a temp directory
 * (`path`), never in the account's real ~/.ssh.
 */
import { utils } from 'ssh2';
import { sshAuthorizedKey } from '../../../../src/modules/ssh/authorized-key';
import { sshCommand } from '../../../../src/modules/ssh/command';
import type { SshFixture } from '../../../helpers/ssh-fixture';
import { startSshFixture } from '../../../helpers/ssh-fixture';
import type { SshModuleHarness } from '../../../helpers/ssh-module';
import { sshModuleHarness } from '../../../helpers/ssh-module';
import { describeSshd } from '../../../helpers/sshd';

function publicKeyLine(comment: string): string {
  return utils.generateKeyPairSync('ed25519', { comment }).public.trim();
}

describeSshd('ssh.authorized_key on a real sshd', () => {
  let fixture: SshFixture;
  let harness: SshModuleHarness;
  let dir: string;
  const engine = publicKeyLine('ovirt-engine');
  const other = publicKeyLine('admin@laptop');

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.6.3'] });
    harness = sshModuleHarness(fixture);
    dir = String((await harness.run(sshCommand, { cmd: 'mktemp -d' })).result!.stdout).trim();
  });
  afterAll(async () => {
    await harness?.run(sshCommand, { cmd: ['rm', '-rf', dir] });
    await harness?.close();
    await fixture?.stop();
  });

  const shell = async (cmd: string) => String((await harness.run(sshCommand, { cmd })).result!.stdout);
  const args = (extra: Record<string, unknown> = {}) => ({
    key: engine,
    user: 'root',
    path: `${dir}/.ssh/authorized_keys`,
    ...extra,
  });

  it('plans the key in a dry run without writing anything', async () => {
    const dry = await harness.run(sshAuthorizedKey, args(), { isDryRun: true });
    expect(dry.plan.changes).toEqual([{ path: `${dir}/.ssh/authorized_keys`, from: '0 of 1 keys', to: '1 of 1 keys' }]);
    expect(await shell(`test -e ${dir}/.ssh && echo yes || echo no`)).toBe('no\n');
  });

  it('adds the key once, with ~/.ssh 0700 and the file 0600 owned by the user, then changes nothing', async () => {
    const first = await harness.run(sshAuthorizedKey, args());
    expect(first.plan.status).toBe('changes');
    expect(
      await shell(`cat ${dir}/.ssh/authorized_keys; stat -c '%a %U' ${dir}/.ssh ${dir}/.ssh/authorized_keys`)
    ).toBe(`${engine}\n700 root\n600 root\n`);
    expect((await harness.run(sshAuthorizedKey, args())).plan.status).toBe('none');
    const renamed = engine.replace('ovirt-engine', 'another-comment');
    expect((await harness.run(sshAuthorizedKey, args({ key: renamed }))).plan.status).toBe('none');
  });

  it('appends to keys already there, after a line without a final newline, with options on other lines kept', async () => {
    await shell(`printf 'from="10.0.0.1" %s' '${other}' > ${dir}/.ssh/authorized_keys`);
    await harness.run(sshAuthorizedKey, args());
    expect(await shell(`cat ${dir}/.ssh/authorized_keys`)).toBe(`from="10.0.0.1" ${other}\n${engine}\n`);
  });

  it('puts the file back to what StrictModes accepts when others may write it', async () => {
    await shell(`chmod 0666 ${dir}/.ssh/authorized_keys`);
    const fixed = await harness.run(sshAuthorizedKey, args());
    expect(fixed.plan.changes).toEqual([
      { path: `${dir}/.ssh/authorized_keys:mode`, from: '666 root', to: '0600 root' },
    ]);
    expect(await shell(`stat -c %a ${dir}/.ssh/authorized_keys`)).toBe('600\n');
  });

  it('removes the key with state: absent and leaves the others', async () => {
    await harness.run(sshAuthorizedKey, args({ state: 'absent' }));
    expect(await shell(`cat ${dir}/.ssh/authorized_keys`)).toBe(`from="10.0.0.1" ${other}\n`);
    expect((await harness.run(sshAuthorizedKey, args({ state: 'absent' }))).plan.status).toBe('none');
  });

  it('refuses text that is not a public key, saying what it got', async () => {
    await expect(harness.run(sshAuthorizedKey, args({ key: '-----BEGIN PRIVATE KEY-----' }))).rejects.toMatchObject({
      message: expect.stringContaining(
        'key must be public key lines (type, base64 key, optional comment), got "-----BEGIN PRIVATE KEY-----"'
      ),
    });
  });
});
