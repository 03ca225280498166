/**
 * `olvm.pki_resource`: reads the engine's public PKI material and registers it, for the steps that need it: the
 * engine's SSH public key (`resource: engine-certificate`, `format: OPENSSH-PUBKEY`, the default), to authorize it
 * on the hosts before they are added (`ssh.authorized_key`); its CA certificate (`ca-certificate`, X509-PEM-CA).
 * ENGINE services/PKIResourceServlet.java (ovirt-api.md §3.3). Read-only: it runs in dry-run too.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { PkiFormat, PkiResource } from '../../olvm/types';
import type { StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from './engine-access';

const NAME = 'olvm.pki_resource';
const RESOURCES: readonly PkiResource[] = ['engine-certificate', 'ca-certificate', 'qemu-ca-certificate'];
const FORMATS: readonly PkiFormat[] = ['OPENSSH-PUBKEY', 'X509-PEM', 'X509-PEM-CA'];

export interface OlvmPkiResourceArgs {
  resource?: PkiResource;
  format?: PkiFormat;
}

function describe(content: string, format: PkiFormat): Record<string, unknown> {
  if (format === 'OPENSSH-PUBKEY') {
    const [type, base64, comment] = content.trim().split(/\s+/);
    const fingerprint = createHash('sha256')
      .update(Buffer.from(base64 ?? '', 'base64'))
      .digest('base64')
      .replace(/=+$/, '');
    return { key_type: type ?? null, comment: comment ?? null, fingerprint: `SHA256:${fingerprint}` };
  }
  const cert = new X509Certificate(content);
  return { subject: cert.subject.replace(/\n/g, ', '), not_after: cert.validTo, fingerprint: cert.fingerprint256 };
}

export const olvmPkiResource: StepModule<OlvmPkiResourceArgs> = {
  name: NAME,
  isReadOnly: true,
  description: "Read the engine's public PKI material (its SSH public key, its CA certificate) and register it.",
  schema: {
    type: 'object',
    properties: {
      resource: {
        type: 'string',
        enum: [...RESOURCES],
        description: 'engine-certificate (default: its key logs in to hosts), ca-certificate, qemu-ca-certificate.',
      },
      format: {
        type: 'string',
        enum: [...FORMATS],
        description: 'OPENSSH-PUBKEY (default: one authorized_keys line), X509-PEM, X509-PEM-CA.',
      },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const resource = args.resource ?? 'engine-certificate';
    const format = args.format ?? 'OPENSSH-PUBKEY';
    const client = await engineOf(ctx);
    const content = await client.pki(resource, format, { signal: ctx.signal });
    const facts = describe(content, format);
    ctx.output(`${resource} (${format}): ${String(facts['fingerprint'])}`);
    return planNone({ resource, format, content, ...facts });
  },
  apply() {
    return Promise.resolve({});
  },
};
