/**
 * The lab's SSH key material, generated once per lab and kept in its state directory so that restarts keep the
 * same identities: a host key per simulated host, one client key pair, and a generated host password.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { utils, type ParsedKey } from 'ssh2';
import { registerSecret } from '../../shared/redact';
import type { Endpoint } from './types';
import { LabHostsError, LabHostsErrorCode } from './errors';

const MAX_KEY_ATTEMPTS = 20;

export interface LabKeyPaths {
  clientKey: string;
  clientPublicKey: string;
  knownHosts: string;
  password: string;
  hostKeyDir: string;
}

export interface LabKeys {
  paths: LabKeyPaths;
  /** The client public key every host accepts. */
  clientPublicKey: ParsedKey;
  /** The password every host accepts (for exercising password authentication and sudo). */
  password: string;
  /** Host name -> host private key (OpenSSH format). */
  hostKeys: Record<string, string>;
}

export function labKeyPaths(stateDir: string): LabKeyPaths {
  return {
    clientKey: join(stateDir, 'id_ed25519'),
    clientPublicKey: join(stateDir, 'id_ed25519.pub'),
    knownHosts: join(stateDir, 'known_hosts'),
    password: join(stateDir, 'host-password'),
    hostKeyDir: join(stateDir, 'host-keys'),
  };
}

/** Loads the lab's keys, generating whatever is missing. */
export async function ensureLabKeys(stateDir: string, hostNames: readonly string[]): Promise<LabKeys> {
  const paths = labKeyPaths(stateDir);
  await mkdir(paths.hostKeyDir, { recursive: true, mode: 0o700 });
  const clientPrivate = await readOrCreate(paths.clientKey, () => generateKeyPair('runbook-lab-client'));
  const clientPublicKey = parsePublicKey(clientPrivate, paths.clientKey);
  await writeFile(paths.clientPublicKey, `${publicKeyLine(clientPrivate)} runbook-lab-client\n`);
  const password = (await readOrCreate(paths.password, () => randomBytes(18).toString('base64url') + '\n')).trim();
  registerSecret(password);
  const hostKeys: Record<string, string> = {};
  for (const name of hostNames) {
    hostKeys[name] = await readOrCreate(join(paths.hostKeyDir, name), () => generateKeyPair(`runbook-lab-${name}`));
  }
  return { paths, clientPublicKey, password, hostKeys };
}

/**
 * A fresh ed25519 key in OpenSSH format. ssh2 1.17's generator drops a leading zero byte of the public key
 * (about one key in 300 comes out malformed), so a key is kept only once it parses and signs.
 */
export function generateKeyPair(comment: string): string {
  for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt += 1) {
    const candidate = utils.generateKeyPairSync('ed25519', { comment }).private;
    if (isUsableKey(candidate)) return candidate;
  }
  throw new LabHostsError('the lab could not generate a usable ed25519 key', { code: LabHostsErrorCode.BAD_STATE });
}

function isUsableKey(privateKey: string): boolean {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) return false;
  const probe = Buffer.from('runbook-lab');
  const signature = parsed.sign(probe);
  return !(signature instanceof Error) && parsed.verify(probe, signature) === true;
}

async function readOrCreate(path: string, create: () => string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const content = create();
    await writeFile(path, content, { mode: 0o600 });
    return content;
  }
}

function parsePublicKey(privateKey: string, path: string): ParsedKey {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new LabHostsError(`the lab key ${path} cannot be read`, {
      code: LabHostsErrorCode.BAD_STATE,
      hint: 'run `runbook lab reset` to generate new keys',
      cause: parsed instanceof Error ? parsed : undefined,
    });
  }
  return parsed;
}

/** The public half of a host's key, in `ssh-ed25519 BASE64` form. */
export function publicKeyLine(privateKey: string): string {
  const parsed = parsePublicKey(privateKey, 'host key');
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
}

/** OpenSSH known_hosts text: `[address]:port` unless the port is 22, then the key and the host name as comment. */
export function renderKnownHosts(hostKeys: Record<string, string>, endpoints: Record<string, Endpoint>): string {
  const lines = Object.entries(endpoints).map(([name, { address, port }]) => {
    const pattern = port === 22 ? address : `[${address}]:${port}`;
    return `${pattern} ${publicKeyLine(hostKeys[name] ?? '')} ${name}`;
  });
  return lines.join('\n') + '\n';
}

export async function writeKnownHosts(
  path: string,
  hostKeys: Record<string, string>,
  endpoints: Record<string, Endpoint>
): Promise<void> {
  await writeFile(path, renderKnownHosts(hostKeys, endpoints), { mode: 0o644 });
}
