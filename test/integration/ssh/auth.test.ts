import { createSshPool } from '../../../src/ssh';
import { clearSecrets, redactText } from '../../../src/shared/redact';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import type { AgentHandle } from '../../helpers/sshd';
import {
  describeIf,
  describeSshd,
  ensureTestUser,
  freePort,
  startSshAgent,
  testUserMissingReason,
} from '../../helpers/sshd';

describeSshd('authenticating to a real sshd', () => {
  let fixture: SshFixture;
  let agent: AgentHandle;
  const savedSock = process.env.SSH_AUTH_SOCK;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.3.2'] });
    agent = await startSshAgent(fixture.keyPath);
  });
  afterAll(async () => {
    process.env.SSH_AUTH_SOCK = savedSock;
    await agent?.stop();
    await fixture?.stop();
  });

  async function whoami(host = fixture.host(0)): Promise<string> {
    const pool = createSshPool(fixture.inventory([host]), { isDryRun: false });
    try {
      return (await (await pool.session(host)).exec('id -un')).stdout.trim();
    } finally {
      await pool.close();
    }
  }

  it('logs in with a key file', async () => {
    expect(await whoami()).toBe('root');
  });

  it('logs in through the agent', async () => {
    process.env.SSH_AUTH_SOCK = agent.socket;
    expect(await whoami(fixture.host(0, { auth: { agent: true } }))).toBe('root');
  });

  it('refuses agent authentication clearly when no agent is running', async () => {
    delete process.env.SSH_AUTH_SOCK;
    await expect(whoami(fixture.host(0, { auth: { agent: true } }))).rejects.toMatchObject({
      code: 'SSH_AUTH_CONFIG',
      message: expect.stringContaining('SSH_AUTH_SOCK is not set'),
    });
  });

  it('fails with a non-retryable error naming the host when no offered key is accepted', async () => {
    const error = await whoami(
      fixture.host(0, { auth: { keyFile: `${fixture.sshds[0]!.dir}/ssh_host_ed25519_key` } })
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_AUTH_FAILED', host: 'host-0', isRetryable: false, exitCode: 5 });
  });

  it('names an unreadable key file', async () => {
    await expect(whoami(fixture.host(0, { auth: { keyFile: '/nonexistent/key' } }))).rejects.toMatchObject({
      code: 'SSH_AUTH_CONFIG',
      message: expect.stringContaining('/nonexistent/key'),
    });
  });

  it('reports a closed port as a retryable connection failure', async () => {
    const port = await freePort('127.0.3.2');
    const error = await whoami(fixture.host(0, { port })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SSH_CONNECT_FAILED', host: 'host-0', isRetryable: true });
  });

  describeIf(testUserMissingReason(), 'with the runbook-test user', () => {
    let password: string;
    let user: string;
    beforeAll(() => ({ user, password } = ensureTestUser()));
    afterEach(() => delete process.env.RUNBOOK_TEST_SSH_PASSWORD);

    it('logs in with a password given by reference, and never shows it', async () => {
      process.env.RUNBOOK_TEST_SSH_PASSWORD = password;
      const host = fixture.host(0, { user, auth: { password: { ref: 'env:RUNBOOK_TEST_SSH_PASSWORD' } } });
      expect(await whoami(host)).toBe(user);
      expect(redactText(`the password is ${password}`)).not.toContain(password);
      clearSecrets();
    });

    it('refuses a wrong password without retrying', async () => {
      process.env.RUNBOOK_TEST_SSH_PASSWORD = 'not-the-password';
      const host = fixture.host(0, { user, auth: { password: { ref: 'env:RUNBOOK_TEST_SSH_PASSWORD' } } });
      const error = await whoami(host).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SSH_AUTH_FAILED', isRetryable: false });
      expect(String((error as Error).message)).not.toContain('not-the-password');
    });
  });
});
