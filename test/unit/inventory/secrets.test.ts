import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { parseSecretRef, resolveSecret, SecretUnavailableError } from '../../../src/inventory/secrets';
import { clearSecrets, redactText } from '../../../src/shared/redact';

describe('resolveSecret', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(nodePath.join(tmpdir(), 'runbook-secret-'));
    clearSecrets();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    delete process.env.RUNBOOK_TEST_SECRET;
    clearSecrets();
  });

  it('reads an environment variable and registers it for redaction', async () => {
    process.env.RUNBOOK_TEST_SECRET = 'hunter2-env';
    expect(await resolveSecret({ ref: 'env:RUNBOOK_TEST_SECRET' })).toBe('hunter2-env');
    expect(redactText('password is hunter2-env')).toBe('password is ***');
  });

  it('reads a file without its final newline and registers it for redaction', async () => {
    await writeFile(nodePath.join(dir, 'pw'), 's3cret-file\n');
    const ref = parseSecretRef('file:pw', dir);
    expect(ref).toEqual({ ref: `file:${nodePath.join(dir, 'pw')}` });
    expect(await resolveSecret(ref)).toBe('s3cret-file');
    expect(redactText('s3cret-file')).toBe('***');
  });

  it.each([
    [
      'env:RUNBOOK_TEST_SECRET',
      'secret env:RUNBOOK_TEST_SECRET is not available: the environment variable RUNBOOK_TEST_SECRET is not set',
    ],
    [
      'file:/nonexistent/runbook/pw',
      'secret file:/nonexistent/runbook/pw is not available: cannot read /nonexistent/runbook/pw (ENOENT)',
    ],
    ['inline-value', 'secret (inline value) is not available: it is neither env:NAME nor file:PATH'],
  ])('names the reference %s when it cannot be read', async (ref, message) => {
    const error = await resolveSecret({ ref }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).message).toBe(message);
  });

  it('never puts the value of an empty-file secret in the message', async () => {
    await writeFile(nodePath.join(dir, 'empty'), '\n');
    await expect(resolveSecret({ ref: `file:${nodePath.join(dir, 'empty')}` })).rejects.toThrow(/is empty/);
  });
});
