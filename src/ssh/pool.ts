/**
 * The SSH pool of one run: one connection per host, opened on the first session and reused by every step,
 * through the jump host when the inventory names one, all closed at the end of the run.
 */
import type { HostEntry, Inventory } from '../inventory/types';
import { expandHome, resolveAuth } from './auth';
import type { ConnectSettings } from './connect';
import { HostConnection } from './connection';
import { SshError, SshErrorCode } from './errors';
import { HostKeyChecking, KnownHostsFile } from './host-key';
import { resolveJumpHost } from './jump-host';
import { resolveSecret } from '../inventory/secrets';
import { PooledSession } from './session';
import type { SshPool, SshPoolOptions, SshSession } from './types';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_MS = 15_000;
const DEFAULT_MAX_CHANNELS = 8;

export function createSshPool(inventory: Inventory, options: SshPoolOptions): SshPool {
  return new ConnectionPool(inventory, options);
}

class ConnectionPool implements SshPool {
  private readonly connections = new Map<string, Promise<HostConnection>>();
  private readonly sessions = new Map<string, Promise<SshSession>>();
  private readonly settings: ConnectSettings;
  private readonly jumpHost: HostEntry | undefined;
  private isClosed = false;

  constructor(
    private readonly inventory: Inventory,
    private readonly options: SshPoolOptions
  ) {
    this.settings = {
      knownHosts: new KnownHostsFile(expandHome(inventory.ssh.knownHosts ?? '~/.ssh/known_hosts')),
      hostKeyChecking: inventory.ssh.hostKeyChecking ?? HostKeyChecking.STRICT,
      connectTimeoutMs: options.connectTimeoutMs ?? inventory.ssh.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: 3,
    };
    this.jumpHost = resolveJumpHost(inventory);
  }

  session(host: HostEntry): Promise<SshSession> {
    if (this.isClosed) return Promise.reject(closedError(host));
    const key = connectionKey(host);
    let session = this.sessions.get(key);
    if (!session) {
      session = this.openSession(host);
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const jumpKey = this.jumpHost ? connectionKey(this.jumpHost) : undefined;
    const settled = async (key: string) => this.connections.get(key)?.catch(() => undefined);
    const targets = [...this.connections.keys()].filter((key) => key !== jumpKey);
    await Promise.all(targets.map(async (key) => (await settled(key))?.close()));
    if (jumpKey) await (await settled(jumpKey))?.close();
    this.connections.clear();
    this.sessions.clear();
  }

  private async openSession(host: HostEntry): Promise<SshSession> {
    const connection = await this.connectionFor(host);
    await connection.connect();
    let password: Promise<string> | undefined;
    const becomePassword = (): Promise<string | undefined> => {
      if (!host.becomePassword) return Promise.resolve(undefined);
      password ??= resolveSecret(host.becomePassword);
      return password;
    };
    return new PooledSession(host, connection, { isDryRun: this.options.isDryRun, becomePassword });
  }

  private connectionFor(host: HostEntry): Promise<HostConnection> {
    const key = connectionKey(host);
    let connection = this.connections.get(key);
    if (!connection) {
      connection = this.createConnection(host, key);
      this.connections.set(key, connection);
      connection.catch(() => this.connections.delete(key));
    }
    return connection;
  }

  private async createConnection(host: HostEntry, key: string): Promise<HostConnection> {
    const auth = await resolveAuth(host, this.inventory.ssh);
    const spec = { label: host.name, address: host.address, port: host.port, user: host.user, auth };
    const isJumped = this.jumpHost !== undefined && connectionKey(this.jumpHost) !== key;
    const jump = isJumped && this.jumpHost ? await this.connectionFor(this.jumpHost) : undefined;
    const openSocket = jump ? () => jump.forwardTo(host.address, host.port) : () => Promise.resolve(undefined);
    return new HostConnection(spec, this.settings, openSocket, this.options.maxChannelsPerHost ?? DEFAULT_MAX_CHANNELS);
  }
}

function connectionKey(host: HostEntry): string {
  return `${host.name}\u0000${host.user}@${host.address}:${host.port}`;
}

function closedError(host: HostEntry): SshError {
  return new SshError(`${host.name}: the SSH pool is closed`, { code: SshErrorCode.POOL_CLOSED, host: host.name });
}
