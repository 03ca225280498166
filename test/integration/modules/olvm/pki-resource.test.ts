/** olvm.pki_resource against the lab engine: the engine's SSH key and CA, registered with their fingerprints. */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

const resultOf = (run: Awaited<ReturnType<ModuleLab['run']>>) => run.sink.ofType('task.finished')[0]?.result ?? {};

it("registers the engine's SSH public key by default, with its SHA256 fingerprint, in a dry run too", async () => {
  env.lab.writes.reset();
  const run = await env.run([{ id: 'key', module: 'olvm.pki_resource', args: {} }], { isDryRun: true });
  const result = resultOf(run);
  const [, base64] = String(result.content).split(' ');
  const fingerprint = createHash('sha256')
    .update(Buffer.from(base64 ?? '', 'base64'))
    .digest('base64')
    .replace(/=+$/, '');
  expect(result).toMatchObject({
    resource: 'engine-certificate',
    format: 'OPENSSH-PUBKEY',
    key_type: 'ssh-rsa',
    comment: 'ovirt-engine',
    fingerprint: `SHA256:${fingerprint}`,
  });
  expect(result.content).toBe(env.lab.pki.engine?.sshKey);
  expect(env.lab.writes.count()).toBe(0);
});

it('registers the CA certificate with its subject and SHA-256 fingerprint', async () => {
  const run = await env.run([
    { id: 'ca', module: 'olvm.pki_resource', args: { resource: 'ca-certificate', format: 'X509-PEM-CA' } },
  ]);
  const onDisk = new X509Certificate(readFileSync(join(env.lab.stateDir, 'tls', 'ca.pem')));
  expect(resultOf(run)).toMatchObject({
    fingerprint: onDisk.fingerprint256,
    subject: expect.stringMatching(/^C=US, O=lab\.test, CN=/),
  });
});
