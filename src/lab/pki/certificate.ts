/**
 * X.509 v3 certificates (RFC 5280) signed with SHA-256 (RSA or ECDSA, after the issuer's key), for the lab's own
 * CA, its web server and its engine certificate, the three an engine's PKI holds (engine-setup's ca.pem,
 * apache.cer, engine.cer).
 */
import { createHash, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  bitString,
  childrenOf,
  boolean,
  explicit,
  ia5String,
  implicitPrimitive,
  integer,
  namedBits,
  nullValue,
  octetString,
  oid,
  printableString,
  sequence,
  set,
  time,
  utf8String,
} from './der';

const Oid = {
  SHA256_WITH_RSA: '1.2.840.113549.1.1.11',
  ECDSA_WITH_SHA256: '1.2.840.10045.4.3.2',
  COUNTRY: '2.5.4.6',
  ORGANIZATION: '2.5.4.10',
  COMMON_NAME: '2.5.4.3',
  SUBJECT_KEY_ID: '2.5.29.14',
  KEY_USAGE: '2.5.29.15',
  SUBJECT_ALT_NAME: '2.5.29.17',
  BASIC_CONSTRAINTS: '2.5.29.19',
  AUTHORITY_KEY_ID: '2.5.29.35',
  EXT_KEY_USAGE: '2.5.29.37',
  SERVER_AUTH: '1.3.6.1.5.5.7.3.1',
  CLIENT_AUTH: '1.3.6.1.5.5.7.3.2',
} as const;

/** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KeyUsageBit = { DIGITAL_SIGNATURE: 0, KEY_ENCIPHERMENT: 2, KEY_CERT_SIGN: 5, CRL_SIGN: 6 } as const;

export interface DistinguishedName {
  country: string;
  organization: string;
  commonName: string;
}

export interface Issuer {
  /** The issuer's subject as encoded in its own certificate. */
  name: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface CertificateSpec {
  subject: DistinguishedName;
  publicKey: KeyObject;
  /** Who signs: the subject itself for a self-signed CA. */
  issuer: Issuer;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** DNS names and IPv4 addresses the certificate is valid for (servers). */
  altNames?: readonly string[];
}

export function encodeName(name: DistinguishedName): Buffer {
  const attribute = (type: string, value: Buffer) => set(sequence(oid(type), value));
  return sequence(
    attribute(Oid.COUNTRY, printableString(name.country)),
    attribute(Oid.ORGANIZATION, utf8String(name.organization)),
    attribute(Oid.COMMON_NAME, utf8String(name.commonName))
  );
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function extension(id: string, isCritical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(isCritical ? [boolean(true)] : []), octetString(value));
}

function altName(name: string): Buffer {
  if (!isIPv4(name)) return ia5String(name, 0x82);
  return implicitPrimitive(7, Buffer.from(name.split('.').map(Number)));
}

function extensionsOf(spec: CertificateSpec): Buffer {
  const usage = spec.isCa
    ? [KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN]
    : [KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT];
  const list = [
    extension(Oid.BASIC_CONSTRAINTS, true, spec.isCa ? sequence(boolean(true)) : sequence()),
    extension(Oid.KEY_USAGE, true, namedBits(usage)),
    extension(Oid.SUBJECT_KEY_ID, false, octetString(keyIdentifier(spec.publicKey))),
    extension(Oid.AUTHORITY_KEY_ID, false, sequence(implicitPrimitive(0, keyIdentifier(spec.issuer.publicKey)))),
  ];
  if (!spec.isCa) list.push(extension(Oid.EXT_KEY_USAGE, false, sequence(oid(Oid.SERVER_AUTH), oid(Oid.CLIENT_AUTH))));
  if (spec.altNames !== undefined && spec.altNames.length > 0)
    list.push(extension(Oid.SUBJECT_ALT_NAME, false, sequence(...spec.altNames.map(altName))));
  return explicit(3, sequence(...list));
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes;
}

/** Issue a certificate and return it as PEM. */
export function issueCertificate(spec: CertificateSpec): string {
  const algorithm =
    spec.issuer.privateKey.asymmetricKeyType === 'ec'
      ? sequence(oid(Oid.ECDSA_WITH_SHA256))
      : sequence(oid(Oid.SHA256_WITH_RSA), nullValue());
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serialNumber()),
    algorithm,
    spec.issuer.name,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    encodeName(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    extensionsOf(spec)
  );
  const signature = sign('sha256', tbs, spec.issuer.privateKey);
  return toPem(sequence(tbs, algorithm, bitString(signature)), 64);
}

/** The DER of a PEM certificate. */
export function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A certificate's subject, as encoded (to issue certificates under a CA loaded from disk). */
export function subjectOf(pem: string): Buffer {
  const [tbs] = childrenOf(derOf(pem));
  const fields = childrenOf(tbs ?? Buffer.alloc(0));
  const subject = fields[(fields[0]?.[0] ?? 0) === 0xa0 ? 5 : 4];
  if (subject === undefined) throw new Error('not an X.509 certificate');
  return subject;
}

/** PEM with base64 lines of `width` characters (OpenSSL writes 64; the engine's pki-resource 76). */
export function toPem(der: Buffer, width: number): string {
  const base64 = der.toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += width) lines.push(base64.slice(at, at + width));
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
