/** SSO login, token expiry and re-login, logout, TLS: the client against the lab engine over HTTP(S). */
import { OlvmApiError, OlvmFailure } from '../../../src/olvm';
import { ExitCode } from '../../../src/shared/errors';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

describe('login over http', () => {
  let env: OlvmLab;
  beforeAll(async () => {
    env = await startOlvmLab();
  });
  afterAll(() => env.close());

  it('logs in on first use and once for concurrent requests', async () => {
    const client = env.connect();
    expect(client.stats().logins).toBe(0);
    const results = await Promise.all([client.hosts.list(), client.vms.list(), client.clusters.list()]);
    expect(results.map((r) => r.length > 0)).toEqual([true, true, true]);
    expect(client.stats()).toMatchObject({ logins: 1, reads: 3, reLogins: 0 });
  });

  it('logs in again once when the engine refuses an expired token, and the read succeeds', async () => {
    const client = env.connect();
    await client.hosts.list();
    env.lab.faults.expireTokens();
    const hosts = await client.hosts.list();
    expect(hosts).toHaveLength(4);
    expect(client.stats()).toMatchObject({ logins: 2, reLogins: 1, reads: 3, failures: 0 });
  });

  it('refuses wrong credentials without repeating the login or showing the password', async () => {
    const client = env.connect({ password: 'not-the-password-xyz' });
    const error = (await client.hosts.list().catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error).toMatchObject({
      failure: OlvmFailure.AUTH,
      status: 400,
      reason: 'access_denied',
      isRetryable: false,
    });
    expect(error.exitCode).toBe(ExitCode.CONNECTION);
    expect(error.message).toMatch(/^engine refused login of admin@internal: Cannot authenticate user/);
    expect(error.message).not.toContain('not-the-password-xyz');
    expect(client.stats()).toMatchObject({ logins: 1, reads: 0 });
  });

  it('logs out at close and refuses requests afterwards', async () => {
    const client = env.connect();
    await client.hosts.list();
    await client.close();
    expect(client.stats().logouts).toBe(1);
    await expect(client.hosts.list()).rejects.toThrow(/the engine client is closed/);
  });

  it('does not log out a client that never logged in', async () => {
    const client = env.connect();
    await client.close();
    expect(client.stats()).toMatchObject({ logins: 0, logouts: 0 });
  });
});

describe('login over https', () => {
  let env: OlvmLab;
  beforeAll(async () => {
    env = await startOlvmLab({ https: true });
  });
  afterAll(() => env.close());

  it('verifies the engine against the inventory CA file', async () => {
    const client = env.connect();
    expect(env.lab.url).toMatch(/^https:/);
    await expect(client.hosts.list()).resolves.toHaveLength(4);
  });

  it('fails with a TLS error, not retried, when the engine CA is not trusted', async () => {
    const client = env.connect({ caFile: undefined });
    const error = (await client.hosts.list().catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error).toMatchObject({ failure: OlvmFailure.TLS, isRetryable: false });
    expect(error.exitCode).toBe(ExitCode.CONNECTION);
    expect(error.hint).toMatch(/ca_file/);
  });

  it('connects without verification only when insecure is explicit, and warns', async () => {
    const warnings: string[] = [];
    const client = env.connect({ caFile: undefined, insecure: true, onWarning: (m) => warnings.push(m) });
    await expect(client.hosts.list()).resolves.toHaveLength(4);
    expect(warnings).toEqual([expect.stringMatching(/TLS verification of the engine at 127\.0\.0\.1:\d+ is OFF/)]);
  });
});
