/** The engine's pki-resource servlet as the lab serves it: no login, the engine's resources, formats and errors. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabEngine } from '../../../src/lab';
import { startLabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';

const PKI = '/ovirt-engine/services/pki-resource';

interface Fetched {
  status: number;
  type: string | null;
  body: string;
}

async function fetchPki(lab: LabEngine, query: string): Promise<Fetched> {
  const url = new URL(`${PKI}?${query}`, lab.url);
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe("the lab's pki-resource, over plain HTTP (a test lab)", () => {
  let lab: LabEngine;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lab-pki-resource-'));
    lab = await startLabEngine({ inventory: makeInventory(), https: false, stateDir: dir, speed: 0 });
  });
  afterAll(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the CA as PEM with 76-character lines, without a login, the same certificate as tls/ca.pem', async () => {
    const got = await fetchPki(lab, 'resource=ca-certificate&format=X509-PEM-CA');
    expect([got.status, got.type]).toEqual([200, 'application/x-x509-ca-cert']);
    const lines = got.body.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -2).every((line) => line.length === 76)).toBe(true);
    const onDisk = await readFile(join(dir, 'tls', 'ca.pem'), 'utf8');
    expect(new X509Certificate(got.body).raw.equals(new X509Certificate(onDisk).raw)).toBe(true);
    expect(new X509Certificate(got.body).ca).toBe(true);
  });

  it("serves the engine's SSH public key, its certificate's RSA key with the alias ovirt-engine", async () => {
    const got = await fetchPki(lab, 'resource=engine-certificate&format=OPENSSH-PUBKEY');
    expect([got.status, got.type]).toEqual([200, 'text/plain']);
    expect(got.body).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ ovirt-engine\n$/);
    expect(got.body).toBe(lab.pki.engine?.sshKey);
    const certificate = await fetchPki(lab, 'resource=engine-certificate');
    expect(certificate.type).toBe('application/x-x509-cert');
    const engine = new X509Certificate(certificate.body);
    expect(engine.verify(new X509Certificate(await readFile(join(dir, 'tls', 'ca.pem'))).publicKey)).toBe(true);
    const aliased = await fetchPki(lab, 'resource=engine-certificate&format=OPENSSH-PUBKEY&alias=mine');
    expect(aliased.body).toBe(got.body.replace('ovirt-engine', 'mine'));
  });

  it.each([
    ['', 'Missing resource name'],
    ['resource=nope', "Resource 'nope' is invalid"],
    ['resource=ca-certificate&format=DER', "Format 'DER' is invalid"],
  ])('answers %j with 400 and the servlet message', async (query, message) => {
    const got = await fetchPki(lab, query);
    expect(got.status).toBe(400);
    expect(got.body).toContain(message);
  });
});

describe("the lab's pki-resource over HTTPS (the default)", () => {
  it('is served by the same CA the TLS server certificate chains to', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-pki-https-'));
    const lab = await startLabEngine({ inventory: makeInventory(), stateDir: dir, speed: 0 });
    try {
      expect(lab.url).toMatch(/^https:/);
      const ca = await readFile(lab.caFile ?? '', 'utf8');
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(new URL(`${PKI}?resource=ca-certificate&format=X509-PEM-CA`, lab.url), { ca }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(new X509Certificate(body).raw.equals(new X509Certificate(ca).raw)).toBe(true);
    } finally {
      await lab.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
