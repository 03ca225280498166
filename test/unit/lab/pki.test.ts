import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { utils } from 'ssh2';
import { LabPki } from '../../../src/lab/pki/store';

const run = promisify(execFile);

function fetchOver(port: number, options: https.RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/', ...options }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe("the lab engine's PKI", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-pki-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes a CA that signs the web server and the engine certificates, keys readable by the owner only', async () => {
    const pki = new LabPki(dir);
    const material = await pki.server();
    const ca = new X509Certificate(material.ca);
    const server = new X509Certificate(material.cert);
    const engine = new X509Certificate((await pki.engineMaterial()).cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toMatch(/^C=US\nO=lab\.test\nCN=engine\.lab\.test\.\d{5}$/);
    expect([server.ca, server.checkIssued(ca), server.verify(ca.publicKey)]).toEqual([false, true, true]);
    expect([engine.checkIssued(ca), engine.verify(ca.publicKey)]).toEqual([true, true]);
    expect(server.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(pki.caFile).toBe(path.join(dir, 'ca.pem'));
    expect(await readFile(pki.caFile, 'utf8')).toBe(material.ca);
    for (const key of ['ca.key', 'apache.key', 'engine.key'])
      expect((await stat(path.join(dir, key))).mode & 0o777).toBe(0o600);
  });

  it('serves HTTPS that a client verifying against the CA accepts for 127.0.0.1, and one without it refuses', async () => {
    const material = await new LabPki(dir).server();
    const server = https.createServer({ key: material.key, cert: material.cert }, (_req, res) => res.end('verified'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await fetchOver(port, { ca: material.ca })).toBe('verified');
      await expect(fetchOver(port, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      server.close();
    }
  });

  it("gives the engine's RSA key as one OpenSSH line that ssh2 and ssh-keygen read", async () => {
    const { sshKey: engineSshKey, cert: engineCert } = await new LabPki(dir).engineMaterial();
    expect(engineSshKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ ovirt-engine\n$/);
    const parsed = utils.parseKey(engineSshKey);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('unparsable');
    const certKey = new X509Certificate(engineCert).publicKey.export({ format: 'jwk' });
    expect(parsed.type).toBe('ssh-rsa');
    expect(parsed.getPublicPEM().trim()).toBe(
      new X509Certificate(engineCert).publicKey.export({ type: 'spki', format: 'pem' }).toString().trim()
    );
    expect(certKey.kty).toBe('RSA');
    const file = path.join(dir, 'engine.pub');
    await writeFile(file, engineSshKey);
    const listed = await run('ssh-keygen', ['-l', '-f', file]).catch((error: unknown) => ({ stdout: String(error) }));
    expect(listed.stdout).toMatch(/^2048 SHA256:\S+ ovirt-engine \(RSA\)\n$/);
  });

  it('keeps its CA and certificates across restarts', async () => {
    const first = new LabPki(dir);
    const [server, engine] = [await first.server(), await first.engineMaterial()];
    const again = new LabPki(dir);
    expect(again.engine).toBeUndefined();
    await again.loadExisting();
    expect(again.engine).toEqual(engine);
    expect(await again.server()).toEqual(server);
  });

  it('makes nothing before it is needed', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'lab-pki-empty-'));
    try {
      const pki = new LabPki(path.join(empty, 'tls'));
      await pki.loadExisting();
      expect(pki.engine).toBeUndefined();
      await pki.ca();
      await pki.loadExisting();
      expect(pki.engine).toBeUndefined();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
