import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createSshPool } from '../../../src/ssh';
import type { FaultServer } from '../../helpers/fault-server';
import { finish, startFaultServer } from '../../helpers/fault-server';
import { makeHost, makeInventory } from '../../helpers/inventory';
import { createKeyPair, makeTempDir } from '../../helpers/sshd';

describe('SSH faults injected by an in-process ssh2 server', () => {
  let server: FaultServer;
  let keyFile: string;

  beforeAll(() => {
    keyFile = createKeyPair(makeTempDir());
  });
  afterEach(async () => server?.stop());

  function poolFor(srv: { address: string; port: number; knownHostsPath: string }, options = {}) {
    const host = makeHost('flaky', undefined, { address: srv.address, port: srv.port, auth: { keyFile } });
    const inventory = makeInventory({
      hosts: { flaky: host },
      ssh: { user: 'root', hostKeyChecking: 'strict', connectTimeoutMs: 5000, knownHosts: srv.knownHostsPath },
    });
    return { host, pool: createSshPool(inventory, { isDryRun: false, ...options }) };
  }

  it('fails a command whose connection drops mid-way with a retryable error, and reconnects for the next', async () => {
    server = await startFaultServer('127.0.4.1', ({ channel, socket, connectionNumber }) => {
      if (connectionNumber === 1) {
        channel.write('partial\n');
        setTimeout(() => socket.destroy(), 50);
      } else {
        finish(channel, 'fine\n');
      }
    });
    const { host, pool } = poolFor(server);
    try {
      const session = await pool.session(host);
      const error = await session.exec('long-running').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SSH_CONNECTION_LOST', host: 'flaky', isRetryable: true });
      expect((await session.exec('again')).stdout).toBe('fine\n');
    } finally {
      await pool.close();
    }
  });

  it('aborts a command whose signal fires while its channel is being opened', async () => {
    const controller = new AbortController();
    server = await startFaultServer(
      '127.0.4.4',
      ({ channel }) => finish(channel, 'ran anyway\n'),
      () => controller.abort()
    );
    const { host, pool } = poolFor(server);
    try {
      const session = await pool.session(host);
      await expect(session.exec('long-running', { signal: controller.signal })).rejects.toMatchObject({
        code: 'SSH_COMMAND_ABORTED',
      });
    } finally {
      await pool.close();
    }
  });

  it('detects a host gone silent through keepalives', async () => {
    server = await startFaultServer('127.0.4.2', ({ socket }) => socket.pause());
    const { host, pool } = poolFor(server, { keepaliveIntervalMs: 100 });
    try {
      const session = await pool.session(host);
      await expect(session.exec('hangs')).rejects.toMatchObject({ code: 'SSH_CONNECTION_LOST', isRetryable: true });
    } finally {
      await pool.close();
    }
  });

  it('gives up on a host that accepts TCP but never speaks SSH, after the connect timeout', async () => {
    const mute: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.4.3', resolve));
    const port = (mute.address() as { port: number }).port;
    const { host, pool } = poolFor(
      { address: '127.0.4.3', port, knownHostsPath: '/nonexistent' },
      { connectTimeoutMs: 300 }
    );
    try {
      await expect(pool.session(host)).rejects.toMatchObject({
        code: 'SSH_CONNECT_TIMEOUT',
        isRetryable: true,
        exitCode: 5,
      });
    } finally {
      await pool.close();
      mute.close();
    }
  });
});
