/**
 * The lab engine's PKI, as engine-setup makes an engine's (`/etc/pki/ovirt-engine`): its own CA (`ca.pem`), the
 * web server's certificate (`apache.pem`, for 127.0.0.1 and localhost) and the engine's certificate
 * (`engine.pem`), whose RSA key is also the key the engine logs in to hosts with over SSH. Made with node:crypto,
 * kept in `<stateDir>/tls/` (private keys mode 0600) so that restarts keep them.
 *
 * Each part is made when first needed: the CA and the web server's certificate when an https lab starts or a
 * client asks for the CA, the engine's certificate and key when a client asks for them (pki-resource). An engine
 * key that nobody has fetched cannot be in any host's authorized_keys, so a lab that never made it loses nothing.
 * The engine's key is RSA, as the engine's is; the CA and the web server use P-256 keys, which take no time to
 * make (TLS verification is the same whatever the key type).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateKeyPairCallback,
  X509Certificate,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DistinguishedName, Issuer } from './certificate';
import { encodeName, issueCertificate, subjectOf } from './certificate';
import { openSshPublicKey } from './openssh';

const generateKeyPair = promisify(generateKeyPairCallback);

const DAY_MS = 86_400_000;
const CA_DAYS = 3650;
const LEAF_DAYS = 825;
const ORGANIZATION = 'lab.test';
/** The engine's `SSHKeyAlias` default (CONFIG l.946): the comment of its OpenSSH public key. */
export const ENGINE_SSH_KEY_ALIAS = 'ovirt-engine';

export interface ServerMaterial {
  /** PEM of the CA (what clients trust; pki-resource `ca-certificate`). */
  ca: string;
  key: string;
  cert: string;
}

export interface EngineMaterial {
  /** The engine's certificate (pki-resource `engine-certificate`, X509-PEM). */
  cert: string;
  /** The engine's SSH public key, one `ssh-rsa … ovirt-engine` line (OPENSSH-PUBKEY). */
  sshKey: string;
}

type KeyKind = 'ec' | 'rsa';

interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
}

interface Authority extends Issuer {
  pem: string;
}

async function newPair(kind: KeyKind): Promise<Pair> {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? await generateKeyPair('rsa', { modulusLength: 2048 })
      : await generateKeyPair('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function pairOf(pem: string): Pair {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey), pem };
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + days * DAY_MS) };
}

function nameOf(commonName: string): DistinguishedName {
  return { country: 'US', organization: ORGANIZATION, commonName };
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A certificate issued by `ca` that is valid for at least another day. */
function isUsable(pem: string | undefined, ca: Authority): pem is string {
  if (pem === undefined) return false;
  const cert = new X509Certificate(pem);
  return cert.checkIssued(new X509Certificate(ca.pem)) && new Date(cert.validTo).getTime() > Date.now() + DAY_MS;
}

export class LabPki {
  private authorityMade: Promise<Authority> | undefined;
  private serverMade: Promise<ServerMaterial> | undefined;
  private engineMade: Promise<EngineMaterial> | undefined;
  private engineLoaded: EngineMaterial | undefined;

  constructor(readonly dir: string) {}

  get caFile(): string {
    return path.join(this.dir, 'ca.pem');
  }

  /** The engine's material if it exists already (synchronous readers: the hosts' SSH key checks). */
  get engine(): EngineMaterial | undefined {
    return this.engineLoaded;
  }

  /** The CA and the web server's key and certificate, made if missing. */
  server(): Promise<ServerMaterial> {
    this.serverMade ??= this.authority().then(async (ca) => {
      const leaf = await this.leaf('apache', ca, 'ec', nameOf('127.0.0.1'), ['127.0.0.1', 'localhost']);
      return { ca: ca.pem, key: leaf.key, cert: leaf.cert };
    });
    return this.serverMade;
  }

  /** The CA's PEM, made if missing. */
  async ca(): Promise<string> {
    return (await this.authority()).pem;
  }

  /** The engine's certificate and SSH key, made if missing. */
  engineMaterial(): Promise<EngineMaterial> {
    this.engineMade ??= this.authority().then(async (ca) => {
      const leaf = await this.leaf('engine', ca, 'rsa', nameOf('engine.lab.test'), undefined);
      const sshKey = openSshPublicKey(createPublicKey(createPrivateKey(leaf.key)), ENGINE_SSH_KEY_ALIAS);
      this.engineLoaded = { cert: leaf.cert, sshKey };
      return this.engineLoaded;
    });
    return this.engineMade;
  }

  /** Load the engine's material if a previous run made it (a restarted lab), without making anything. */
  async loadExisting(): Promise<void> {
    const made = await Promise.all(
      ['ca.pem', 'engine.pem', 'engine.key'].map((f) => readIfPresent(path.join(this.dir, f)))
    );
    if (made.every((content) => content !== undefined)) await this.engineMaterial();
  }

  private authority(): Promise<Authority> {
    this.authorityMade ??= this.loadOrMakeAuthority();
    return this.authorityMade;
  }

  private async loadOrMakeAuthority(): Promise<Authority> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const keyFile = path.join(this.dir, 'ca.key');
    const [cert, key] = [await readIfPresent(this.caFile), await readIfPresent(keyFile)];
    if (cert !== undefined && key !== undefined) {
      const pair = pairOf(key);
      return { name: subjectOf(cert), privateKey: pair.privateKey, publicKey: pair.publicKey, pem: cert };
    }
    const pair = await newPair('ec');
    const subject = nameOf(`engine.lab.test.${String(Date.now() % 100_000).padStart(5, '0')}`);
    const issuer = { name: encodeName(subject), privateKey: pair.privateKey, publicKey: pair.publicKey };
    const pem = issueCertificate({ subject, publicKey: pair.publicKey, issuer, isCa: true, ...validity(CA_DAYS) });
    await writeFile(keyFile, pair.pem, { mode: 0o600 });
    await writeFile(this.caFile, pem, { mode: 0o644 });
    return { ...issuer, pem };
  }

  private async leaf(
    base: string,
    ca: Authority,
    kind: KeyKind,
    subject: DistinguishedName,
    altNames: string[] | undefined
  ): Promise<{ key: string; cert: string }> {
    const certFile = path.join(this.dir, `${base}.pem`);
    const keyFile = path.join(this.dir, `${base}.key`);
    const [cert, key] = [await readIfPresent(certFile), await readIfPresent(keyFile)];
    if (key !== undefined && isUsable(cert, ca)) return { key, cert };
    const pair = key !== undefined ? pairOf(key) : await newPair(kind);
    const made = issueCertificate({
      subject,
      publicKey: pair.publicKey,
      issuer: ca,
      isCa: false,
      ...validity(LEAF_DAYS),
      ...(altNames !== undefined ? { altNames } : {}),
    });
    if (key === undefined) await writeFile(keyFile, pair.pem, { mode: 0o600 });
    await writeFile(certFile, made, { mode: 0o644 });
    return { key: pair.pem, cert: made };
  }
}
