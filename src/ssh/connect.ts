/**
 * Opening one authenticated ssh2 connection: host key verified against known_hosts inside the handshake,
 * connect timeout, keepalives, and failures mapped to SshError (refused and timed out are retryable; bad
 * credentials and host keys are not). A jump host supplies the socket.
 */
import type { Duplex } from 'node:stream';
import type * as Ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import type { ResolvedAuth } from './auth';
import { SshError, SshErrorCode } from './errors';
import type { HostKeyChecking, KnownHostsFile } from './host-key';

export interface ConnectSpec {
  /** The inventory name, for messages. */
  label: string;
  address: string;
  port: number;
  user: string;
  auth: ResolvedAuth;
}

export interface ConnectSettings {
  knownHosts: KnownHostsFile;
  hostKeyChecking: HostKeyChecking;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** Connects and authenticates; resolves once the session is ready. */
/** ssh2 is loaded on first connection, so commands that never open one start faster. */
function loadSsh2(): typeof Ssh2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('ssh2') as typeof Ssh2;
}

export function openClient(spec: ConnectSpec, settings: ConnectSettings, sock?: Duplex): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new (loadSsh2().Client)();
    let hostKeyError: SshError | undefined;
    const verify = (key: Buffer): boolean => {
      try {
        settings.knownHosts.verify(
          { label: spec.label, address: spec.address, port: spec.port },
          key,
          settings.hostKeyChecking
        );
        return true;
      } catch (error) {
        hostKeyError = error as SshError;
        return false;
      }
    };
    let isSettled = false;
    // Commands are small request/response exchanges, and ssh2 writes each SSH packet on its own: with Nagle and
    // the peer's delayed ACKs every exchange (the handshake's included) would wait ~40 ms (measured on loopback:
    // 20 commands on one connection took 1.7 s with Nagle on both ends, 20 ms with it off on both).
    client.once('connect', () => client.setNoDelay(true));
    client.once('ready', () => {
      isSettled = true;
      // Later errors (a dropped connection, a keepalive timeout) end in 'close', which the owner handles.
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (isSettled) return;
      isSettled = true;
      client.destroy();
      reject(hostKeyError ?? mapConnectError(spec, settings, error));
    });
    try {
      client.connect(buildConfig(spec, settings, verify, sock));
    } catch (error) {
      reject(configError(spec, error as Error));
    }
  });
}

function buildConfig(
  spec: ConnectSpec,
  settings: ConnectSettings,
  verify: (key: Buffer) => boolean,
  sock?: Duplex
): ConnectConfig {
  return {
    host: spec.address,
    port: spec.port,
    username: spec.user,
    ...(spec.auth.privateKey ? { privateKey: spec.auth.privateKey } : {}),
    ...(spec.auth.agent ? { agent: spec.auth.agent } : {}),
    ...(spec.auth.password !== undefined ? { password: spec.auth.password } : {}),
    ...(sock ? { sock } : {}),
    readyTimeout: settings.connectTimeoutMs,
    keepaliveInterval: settings.keepaliveIntervalMs,
    keepaliveCountMax: settings.keepaliveCountMax,
    hostVerifier: verify,
    algorithms: { serverHostKey: preferredHostKeyAlgorithms(settings.knownHosts.knownKeyTypes(spec)) },
  } as ConnectConfig;
}

/** The key types already known for the host first, as ssh(1) does, so the server presents one we can check. */
function preferredHostKeyAlgorithms(knownTypes: string[]): string[] {
  const preferred = knownTypes.flatMap((type) => HOST_KEY_ALGORITHMS[type] ?? []);
  const rest = Object.values(HOST_KEY_ALGORITHMS).flat();
  return [...new Set([...preferred, ...rest])];
}

function mapConnectError(
  spec: ConnectSpec,
  settings: ConnectSettings,
  error: Error & { level?: string; code?: string }
): SshError {
  const where = `${spec.label} (${spec.user}@${spec.address}:${spec.port})`;
  if (error.level === 'client-authentication') {
    return new SshError(`${where}: authentication failed (tried: ${spec.auth.methods.join(', ') || 'none'})`, {
      code: SshErrorCode.AUTH_FAILED,
      host: spec.label,
      hint: 'check the user, key file, agent or password reference for this host in the inventory',
      cause: error,
    });
  }
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT') {
    return new SshError(`${where}: no SSH handshake within ${settings.connectTimeoutMs}ms`, {
      code: SshErrorCode.CONNECT_TIMEOUT,
      host: spec.label,
      hint: 'check that the host is up and sshd answers, or raise ssh.connect_timeout',
      cause: error,
    });
  }
  return new SshError(`${where}: cannot connect: ${error.message}`, {
    code: SshErrorCode.CONNECT_FAILED,
    host: spec.label,
    hint: 'check the address and port, and that sshd is running',
    cause: error,
  });
}

function configError(spec: ConnectSpec, error: Error): SshError {
  return new SshError(`${spec.label}: unusable SSH credentials: ${error.message}`, {
    code: SshErrorCode.AUTH_CONFIG,
    host: spec.label,
    hint: 'use an unencrypted key file or the agent (ssh-add the key)',
    cause: error,
  });
}
