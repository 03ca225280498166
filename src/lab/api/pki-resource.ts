/**
 * `GET /ovirt-engine/services/pki-resource?resource=R&format=F[&alias=A]`: the engine's public PKI material, with
 * no authentication, as its PKIResourceServlet serves it (ENGINE backend/manager/modules/services/src/main/java/
 * org/ovirt/engine/core/services/PKIResourceServlet.java and backend/manager/modules/utils/.../PKIResources.java
 * @ 0111fc63036bca662aa6275a8ad16282cccf86bf):
 * - resources `ca-certificate` (default format X509-PEM-CA), `qemu-ca-certificate` (X509-PEM-CA; the lab has one
 *   CA for both) and `engine-certificate` (X509-PEM, alias `ovirt-engine`);
 * - formats `X509-PEM` (application/x-x509-cert), `X509-PEM-CA` (application/x-x509-ca-cert), both PEM with base64
 *   lines of 76 characters, and `OPENSSH-PUBKEY` (text/plain, the certificate's public key as an OpenSSH line with
 *   the alias as comment);
 * - errors: 400 with "Missing resource name", "Resource 'x' is invalid" or "Format 'x' is invalid".
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { derOf, toPem } from '../pki/certificate';
import { openSshPublicKey } from '../pki/openssh';
import type { LabPki } from '../pki/store';
import { ENGINE_SSH_KEY_ALIAS } from '../pki/store';
import type { HttpAnswer } from './api-handler';

export const PKI_RESOURCE_PATH = '/ovirt-engine/services/pki-resource';

const FORMAT_TYPES: Record<string, string> = {
  'X509-PEM': 'application/x-x509-cert',
  'X509-PEM-CA': 'application/x-x509-ca-cert',
  'OPENSSH-PUBKEY': 'text/plain',
};

interface Resource {
  defaultFormat: string;
  defaultAlias?: string;
  certificate(pki: LabPki): Promise<string>;
}

const RESOURCES: Record<string, Resource> = {
  'ca-certificate': { defaultFormat: 'X509-PEM-CA', certificate: (pki) => pki.ca() },
  'qemu-ca-certificate': { defaultFormat: 'X509-PEM-CA', certificate: (pki) => pki.ca() },
  'engine-certificate': {
    defaultFormat: 'X509-PEM',
    defaultAlias: ENGINE_SSH_KEY_ALIAS,
    certificate: async (pki) => (await pki.engineMaterial()).cert,
  },
};

function badRequest(message: string): HttpAnswer {
  const body = `<html><head><title>Error</title></head><body>${message.replace(/[<>&]/g, '')}</body></html>`;
  return { status: 400, headers: { 'Content-Type': 'text/html' }, body };
}

function render(pem: string, format: string, alias: string | null | undefined): string {
  if (format !== 'OPENSSH-PUBKEY') return toPem(derOf(pem), 76);
  const key = createPublicKey(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' }));
  return openSshPublicKey(key, alias ?? '');
}

export async function answerPkiResource(pki: LabPki, params: URLSearchParams): Promise<HttpAnswer> {
  const name = params.get('resource');
  if (name === null) return badRequest('Missing resource name');
  const resource = Object.hasOwn(RESOURCES, name) ? RESOURCES[name] : undefined;
  if (resource === undefined) return badRequest(`Resource '${name}' is invalid`);
  const requested = params.get('format');
  if (requested !== null && !Object.hasOwn(FORMAT_TYPES, requested))
    return badRequest(`Format '${requested}' is invalid`);
  const format = requested ?? resource.defaultFormat;
  const body = render(await resource.certificate(pki), format, params.get('alias') ?? resource.defaultAlias);
  return { status: 200, headers: { 'Content-Type': FORMAT_TYPES[format] ?? 'text/plain' }, body };
}
