/**
 * The operator's SSH key, to sign journal heads with (sshsig.ts), as `ssh-keygen -Y sign -f KEY` finds it:
 * - `agent`: the first key of the running ssh-agent ($SSH_AUTH_SOCK);
 * - a private key file: signed here (an unencrypted one; an encrypted one is asked of the agent, by its `.pub`);
 * - a public key file (`~/.ssh/id_ed25519.pub`): that key, in the agent.
 * Keys are read by ssh2's key parser; signing is node:crypto (or the agent).
 */
import { createPrivateKey, sign as signBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { OpenSSHAgent, utils } from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { ExitCode, messageOf, RunbookError } from '../shared/errors';
import { armorSignature, fingerprintOf, JOURNAL_NAMESPACE, p1363ToEcdsa, signedData, SSHSIG_HASH } from './sshsig';

export interface SshSigner {
  /** The public key, SSH wire format. */
  readonly publicKey: Buffer;
  /** `ssh-ed25519 SHA256:… (agent)`, for messages. */
  readonly description: string;
  /** The SSH signature of `data`: its algorithm name and bytes. */
  sign(data: Buffer): Promise<{ algorithm: string; bytes: Buffer }>;
}

/** The signing key named in the inventory (or RUNBOOK_SIGNING_KEY) cannot be used. */
export class SigningKeyError extends RunbookError {
  readonly key: string;
  constructor(key: string, reason: string, cause?: unknown) {
    super(`cannot sign the journal with ${key}: ${reason}`, {
      code: 'SIGNING_KEY',
      exitCode: ExitCode.REFUSED,
      hint:
        'name an unencrypted private key, or load the key into ssh-agent (ssh-add) and name it by its .pub file ' +
        'or as `agent` (state.signing_key in the inventory, or RUNBOOK_SIGNING_KEY)',
      ...(cause === undefined ? {} : { cause }),
    });
    this.key = key;
  }
}

/** The SSH signature algorithm a key type signs SSHSIG with (RSA: SHA-512, as ssh-keygen does). */
function algorithmOf(keyType: string): string {
  return keyType === 'ssh-rsa' ? 'rsa-sha2-512' : keyType;
}

const EC_HASH: Record<string, string> = {
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
};

export async function openSigner(spec: string, env: NodeJS.ProcessEnv = process.env): Promise<SshSigner> {
  if (spec === 'agent') return agentSigner(spec, env, undefined);
  if (!existsSync(spec)) throw new SigningKeyError(spec, 'no such file');
  const text = readFileSync(spec);
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) {
    if (/encrypted/i.test(parsed.message) && existsSync(`${spec}.pub`)) {
      return agentSigner(spec, env, readPublicKey(`${spec}.pub`));
    }
    throw new SigningKeyError(spec, parsed.message);
  }
  if (!parsed.isPrivateKey()) return agentSigner(spec, env, parsed.getPublicSSH());
  return keyFileSigner(spec, parsed);
}

function readPublicKey(path: string): Buffer {
  const parsed = utils.parseKey(readFileSync(path));
  if (parsed instanceof Error) throw new SigningKeyError(path, parsed.message);
  return parsed.getPublicSSH();
}

function keyFileSigner(path: string, key: ParsedKey): SshSigner {
  const privateKey = createPrivateKey(key.getPrivatePEM());
  const algorithm = algorithmOf(key.type);
  const ecHash = EC_HASH[key.type];
  return {
    publicKey: key.getPublicSSH(),
    description: `${key.type} ${fingerprintOf(key.getPublicSSH())} (${path})`,
    sign: (data) => {
      if (key.type === 'ssh-ed25519') return Promise.resolve({ algorithm, bytes: signBytes(null, data, privateKey) });
      if (ecHash !== undefined) {
        const raw = signBytes(ecHash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        return Promise.resolve({ algorithm, bytes: p1363ToEcdsa(raw) });
      }
      return Promise.resolve({ algorithm, bytes: signBytes('sha512', data, privateKey) });
    },
  };
}

async function agentSigner(spec: string, env: NodeJS.ProcessEnv, wanted: Buffer | undefined): Promise<SshSigner> {
  const socket = env['SSH_AUTH_SOCK'];
  if (!socket) throw new SigningKeyError(spec, 'no ssh-agent ($SSH_AUTH_SOCK is not set)');
  const agent = new OpenSSHAgent(socket);
  const keys = await new Promise<ParsedKey[]>((resolve, reject) =>
    agent.getIdentities((error, found) => (error ? reject(error) : resolve((found ?? []) as ParsedKey[])))
  ).catch((error: unknown) => {
    throw new SigningKeyError(spec, `the ssh-agent at ${socket} cannot be asked: ${messageOf(error)}`, error);
  });
  const key = wanted === undefined ? keys[0] : keys.find((k) => k.getPublicSSH().equals(wanted));
  if (key === undefined) {
    throw new SigningKeyError(
      spec,
      wanted === undefined ? 'the ssh-agent holds no key' : 'the ssh-agent does not hold it'
    );
  }
  const algorithm = algorithmOf(key.type);
  return {
    publicKey: key.getPublicSSH(),
    description: `${key.type} ${fingerprintOf(key.getPublicSSH())} (agent)`,
    sign: (data) =>
      new Promise((resolve, reject) => {
        agent.sign(key, data, { hash: 'sha512' }, (error, bytes) => {
          if (error || bytes === undefined) reject(new SigningKeyError(spec, `the ssh-agent did not sign`, error));
          else resolve({ algorithm, bytes });
        });
      }),
  };
}

/** The armored SSHSIG of `message` (`ssh-keygen -Y verify -n NAMESPACE` accepts it). */
export async function signMessage(signer: SshSigner, message: Buffer, namespace = JOURNAL_NAMESPACE): Promise<string> {
  const { algorithm, bytes } = await signer.sign(signedData(message, namespace, SSHSIG_HASH));
  return armorSignature({ publicKey: signer.publicKey, namespace, hashAlgorithm: SSHSIG_HASH, algorithm, bytes });
}
