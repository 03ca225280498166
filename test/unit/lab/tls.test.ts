import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabTlsError, prepareTls } from '../../../src/lab/tls';

describe('the lab HTTPS material', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-tls-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('says clearly that https needs openssl when the command is missing', async () => {
    const error = await prepareTls(dir, path.join(dir, 'no-such-openssl')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabTlsError);
    expect((error as LabTlsError).message).toBe('https needs the openssl command, which is not installed');
    expect((error as LabTlsError).hint).toMatch(/Install the openssl command/);
  });

  it('makes a CA and a server certificate once, then reuses them', async () => {
    const first = await prepareTls(dir);
    expect(first.ca).toContain('BEGIN CERTIFICATE');
    expect(first.cert).toContain('BEGIN CERTIFICATE');
    expect(first.key).toContain('PRIVATE KEY');
    const second = await prepareTls(dir);
    expect(second.cert).toBe(first.cert);
  });
});
