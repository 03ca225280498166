import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOlvmClient, createOlvmClientFromInventory, OlvmConfigError } from '../../../src/olvm';
import { ReadOnlyViolationError } from '../../../src/shared/errors';
import { clearSecrets, redactText } from '../../../src/shared/redact';
import { makeInventory } from '../../helpers/inventory';

/** A closed loopback port: nothing listens there, and nothing in these tests may connect anyway. */
const CLOSED = 'http://127.0.0.1:9/ovirt-engine/api';

afterEach(() => clearSecrets());

describe('client configuration', () => {
  it.each([
    ['https://engine.example.com/ovirt-engine/api/', 'https://engine.example.com/ovirt-engine/api'],
    ['http://127.0.0.1:8080/ovirt-engine/api', 'http://127.0.0.1:8080/ovirt-engine/api'],
  ])('normalises the url %p', async (url, expected) => {
    const client = createOlvmClient({ url, username: 'u', password: 'p', isReadOnly: true });
    expect(client.url).toBe(expected);
    await client.close();
  });

  it.each([
    ['a url that is not the API', 'https://engine.example.com/ovirt-engine', /must end in \/ovirt-engine\/api/],
    ['a url that is not a URL', 'engine', /is not a URL/],
    ['an ftp url', 'ftp://engine/ovirt-engine/api', /must be http\(s\)/],
  ])('refuses %s', (_label, url, message) => {
    expect(() => createOlvmClient({ url, username: 'u', password: 'p', isReadOnly: true })).toThrow(message);
  });

  it('refuses a CA file it cannot read, naming it', () => {
    expect(() =>
      createOlvmClient({
        url: 'https://127.0.0.1:9/ovirt-engine/api',
        username: 'u',
        password: 'p',
        caFile: '/nonexistent/engine-ca.pem',
        isReadOnly: true,
      })
    ).toThrow(/cannot read the engine CA file \/nonexistent\/engine-ca.pem/);
  });

  it('warns when TLS verification is turned off', async () => {
    const warnings: string[] = [];
    const client = createOlvmClient({
      url: 'https://127.0.0.1:9/ovirt-engine/api',
      username: 'u',
      password: 'p',
      insecure: true,
      isReadOnly: true,
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([expect.stringContaining('TLS verification of the engine at 127.0.0.1:9 is OFF')]);
    await client.close();
  });

  it('registers the password as a secret as soon as the client exists', async () => {
    const client = createOlvmClient({ url: CLOSED, username: 'u', password: 'hunter2-pw', isReadOnly: true });
    expect(redactText('the password is hunter2-pw')).toBe('the password is ***');
    await client.close();
  });
});

describe('read-only mode', () => {
  it.each([
    [
      'a host update',
      (c: ReturnType<typeof createOlvmClient>) => c.hosts.update('h1', { spmPriority: 8 }, { correlationId: 'x' }),
    ],
    [
      'a host deactivation',
      (c: ReturnType<typeof createOlvmClient>) => c.hosts.deactivate('h1', { correlationId: 'x' }),
    ],
    ['a VM migration', (c: ReturnType<typeof createOlvmClient>) => c.vms.migrate('v1', { correlationId: 'x' })],
    [
      'an affinity group removal',
      (c: ReturnType<typeof createOlvmClient>) => c.affinityGroups('c1').remove('g1', { correlationId: 'x' }),
    ],
  ])('refuses %s before any I/O', async (_label, write) => {
    const requests: string[] = [];
    const client = createOlvmClient({
      url: CLOSED,
      username: 'u',
      password: 'p',
      isReadOnly: true,
      onRequest: (info) => requests.push(info.path),
    });
    await expect(write(client)).rejects.toBeInstanceOf(ReadOnlyViolationError);
    expect(requests).toEqual([]);
    expect(client.stats()).toMatchObject({ reads: 0, writes: 0, logins: 0 });
    await client.close();
  });
});

describe('client from an inventory', () => {
  it('resolves an env: password, registers it, and is read-only in dry-run', async () => {
    process.env.OLVM_TEST_PASSWORD = 'from-env-secret';
    const inventory = makeInventory({ engine: { url: CLOSED, password: { ref: 'env:OLVM_TEST_PASSWORD' } } });
    const client = await createOlvmClientFromInventory(inventory, { isDryRun: true });
    expect(client.isReadOnly).toBe(true);
    expect(redactText('from-env-secret')).toBe('***');
    await client.close();
    delete process.env.OLVM_TEST_PASSWORD;
  });

  it('resolves a file: password without its trailing newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olvm-secret-'));
    writeFileSync(join(dir, 'pw'), 'file-secret-pw\n');
    const inventory = makeInventory({ engine: { url: CLOSED, password: { ref: `file:${join(dir, 'pw')}` } } });
    const client = await createOlvmClientFromInventory(inventory, { isDryRun: false });
    expect(client.isReadOnly).toBe(false);
    expect(redactText('x file-secret-pw x')).toBe('x *** x');
    await client.close();
  });

  it('refuses an inventory without an engine password', async () => {
    const inventory = makeInventory({ engine: { url: CLOSED } });
    await expect(createOlvmClientFromInventory(inventory, { isDryRun: true })).rejects.toThrow(OlvmConfigError);
  });

  it.each([
    ['an unset variable', 'env:OLVM_SURELY_UNSET_VAR', /environment variable OLVM_SURELY_UNSET_VAR is not set/],
    ['an inline password', 'plain-text-pw', /neither env:NAME nor file:PATH/],
  ])('refuses %s, never showing it', async (_label, ref, message) => {
    const inventory = makeInventory({ engine: { url: CLOSED, password: { ref } } });
    const error = (await createOlvmClientFromInventory(inventory, { isDryRun: true }).catch(
      (e: unknown) => e
    )) as Error;
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('plain-text-pw');
  });
});
