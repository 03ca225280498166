import { createSshPool } from '../../../src/ssh';
import type { SshPool } from '../../../src/ssh';
import { redactText } from '../../../src/shared/redact';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { describeIf, ensureTestUser, sshdMissingReason, testUserMissingReason } from '../../helpers/sshd';

describeIf(sshdMissingReason() ?? testUserMissingReason(), 'become (sudo) on a real sshd', () => {
  let fixture: SshFixture;
  let pool: SshPool;
  let user: string;
  let password: string;

  beforeAll(async () => {
    ({ user, password } = ensureTestUser());
    process.env.RUNBOOK_TEST_BECOME_PASSWORD = password;
    fixture = await startSshFixture({ addresses: ['127.0.3.4'] });
    pool = createSshPool(fixture.inventory(), { isDryRun: false });
  });
  afterAll(async () => {
    delete process.env.RUNBOOK_TEST_BECOME_PASSWORD;
    delete process.env.RUNBOOK_TEST_WRONG_PASSWORD;
    await pool?.close();
    await fixture?.stop();
  });

  const becomeHost = (ref = 'env:RUNBOOK_TEST_BECOME_PASSWORD') =>
    fixture.host(0, { name: `become-${ref}`, user, become: true, becomePassword: { ref } });

  it('runs as root through sudo with the password fed on stdin', async () => {
    const session = await pool.session(becomeHost());
    const result = await session.exec('id -u; cat', { stdin: 'piped\n' });
    expect(result).toMatchObject({ stdout: '0\npiped\n', exitCode: 0 });
  });

  it('runs as the login user when the command asks not to become', async () => {
    const session = await pool.session(becomeHost());
    expect((await session.exec('id -un', { become: false })).stdout.trim()).toBe(user);
  });

  it('keeps the password out of the command line, the output and errors', async () => {
    const session = await pool.session(becomeHost());
    const lines: string[] = [];
    const result = await session.exec(['sh', '-c', 'ps -ww -o args= -e; echo "$0"', password], {
      onLine: (line) => lines.push(line),
    });
    expect(lines.join('\n')).not.toContain(password);
    expect(redactText(result.stdout)).not.toContain(password);
  });

  it('fails with a become error when sudo rejects the password', async () => {
    process.env.RUNBOOK_TEST_WRONG_PASSWORD = 'wrong-password-123';
    const session = await pool.session(becomeHost('env:RUNBOOK_TEST_WRONG_PASSWORD'));
    const error = await session.exec('id -u').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_BECOME_FAILED', isRetryable: false });
    expect((error as Error).message).not.toContain('wrong-password-123');
  });

  it('writes and reads a root-owned file as root through sudo', async () => {
    const session = await pool.session(becomeHost());
    const path = `/root/runbook-become-${process.pid}.conf`;
    await session.writeFile(path, 'secret=1\n', { mode: 0o600 });
    expect((await session.exec(['stat', '-c', '%U %a', path])).stdout.trim()).toBe('root 600');
    expect((await session.readFile(path))?.toString()).toBe('secret=1\n');
    expect(await session.readFile(`${path}.missing`)).toBeUndefined();
    await session.exec(['rm', '-f', path]);
  });

  it('kills a timed-out command that runs as root', async () => {
    const session = await pool.session(becomeHost());
    const command = `sleep 41.${process.pid}`;
    await expect(session.exec(command, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'SSH_COMMAND_TIMEOUT' });
    const left = await session.exec(`pgrep -a -x sleep | grep -c "${command}" || true`, { become: false });
    expect(left.stdout.trim()).toBe('0');
  });
});
