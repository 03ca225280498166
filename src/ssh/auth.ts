/**
 * The credentials for one host: a key file, the agent, a password by reference, in the order given by the host,
 * then the inventory's ssh defaults, then what ssh(1) would try (the agent if running, ~/.ssh/id_*).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostEntry, SshDefaults } from '../inventory/types';
import { SshError, SshErrorCode } from './errors';
import { resolveSecret } from '../inventory/secrets';

export interface ResolvedAuth {
  privateKey?: Buffer;
  agent?: string;
  password?: string;
  /** The methods configured, for messages (`publickey`, `agent`, `password`). */
  methods: string[];
}

const DEFAULT_KEY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export async function resolveAuth(host: HostEntry, defaults: Partial<SshDefaults>): Promise<ResolvedAuth> {
  const keyFile = host.auth.keyFile ?? defaults.keyFile;
  const useAgent = host.auth.agent ?? defaults.agent;
  const auth: ResolvedAuth = { methods: [] };
  if (keyFile !== undefined) addKeyFile(auth, host, expandHome(keyFile));
  if (useAgent === true) addAgent(auth, host);
  if (host.auth.password !== undefined) {
    auth.password = await resolveSecret(host.auth.password);
    auth.methods.push('password');
  }
  if (auth.methods.length === 0 && useAgent !== false) addFallbacks(auth, host);
  return auth;
}

function addKeyFile(auth: ResolvedAuth, host: HostEntry, path: string): void {
  try {
    auth.privateKey = readFileSync(path);
  } catch (error) {
    throw new SshError(`${host.name}: cannot read the SSH key file ${path}: ${(error as Error).message}`, {
      code: SshErrorCode.AUTH_CONFIG,
      host: host.name,
      hint: 'check ssh.key_file for this host in the inventory',
      cause: error,
    });
  }
  auth.methods.push('publickey');
}

function addAgent(auth: ResolvedAuth, host: HostEntry): void {
  const socket = process.env.SSH_AUTH_SOCK;
  if (!socket) {
    throw new SshError(`${host.name}: agent authentication is configured but SSH_AUTH_SOCK is not set`, {
      code: SshErrorCode.AUTH_CONFIG,
      host: host.name,
      hint: 'start ssh-agent and ssh-add your key, or configure a key file',
    });
  }
  auth.agent = socket;
  auth.methods.push('agent');
}

function addFallbacks(auth: ResolvedAuth, host: HostEntry): void {
  if (process.env.SSH_AUTH_SOCK) addAgent(auth, host);
  const found = DEFAULT_KEY_FILES.map((name) => join(homedir(), '.ssh', name)).find((path) => existsSync(path));
  if (found !== undefined) addKeyFile(auth, host, found);
}
