/**
 * One simulated host's SSH server (ssh2), listening on the host's own loopback address. It accepts the lab's
 * client key (and the lab password) for the inventory's user, and any key in a user's `~/.ssh/authorized_keys`
 * (authorized-keys.ts: root's holds the engine's key once it is installed there); runs exec requests through the
 * lab shell, and serves SFTP. Powering the host off closes the port and drops every connection.
 */
import { timingSafeEqual } from 'node:crypto';
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Server, utils, type AuthContext, type Connection, type ParsedKey, type ServerChannel } from 'ssh2';
import { isKeyAuthorized } from './authorized-keys';
import { messageOf } from '../../shared/errors';
import { redactText } from '../../shared/redact';
import { LabHostsError, LabHostsErrorCode } from './errors';
import { USER_UID } from './filesystem';
import { isLoopbackAddress } from './loopback';
import { serveSftp } from './sftp';
import { StreamInput } from './shell/io';
import { createSession, runScript } from './shell/run';
import type { Endpoint } from './types';
import type { SimHost } from './world';

export interface HostServerOptions {
  host: SimHost;
  hostKey: string;
  clientPublicKey: ParsedKey;
  address: string;
  port: number;
}

export interface HostServer {
  readonly endpoint: Endpoint;
  /** Stop listening and drop every connection (power off). */
  stop(): Promise<void>;
  /** Listen again on the same port (power on). */
  start(): Promise<void>;
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { host } = options;
  const ssh = new Server({ hostKeys: [options.hostKey], ident: 'OpenSSH_8.0' }, (client) =>
    serveConnection(options, client)
  );
  const sockets = new Set<Socket>();
  let listener = createListener(ssh, sockets);
  const endpoint: Endpoint = {
    address: options.address,
    port: await listen(listener, options.address, options.port, host.name),
  };
  return {
    endpoint,
    async stop() {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    async start() {
      if (listener.listening) return;
      listener = createListener(ssh, sockets);
      await listen(listener, endpoint.address, endpoint.port, host.name);
    },
  };
}

/** A plain TCP listener that hands each socket to the SSH server, so that power-off can cut the sockets. */
function createListener(ssh: Server, sockets: Set<Socket>): NetServer {
  return createNetServer((socket) => {
    // sshd answers a command in few writes; ssh2 writes every packet on its own, which Nagle and the client's
    // delayed ACKs would stall by ~40 ms each: a lab host slower than a real one for no reason of the engine's.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
}

function listen(listener: NetServer, address: string, port: number, hostName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    listener.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? 'another lab (or sshd) holds the port; stop it, or start the lab with port 0 for free ports'
          : error.code === 'EACCES'
            ? 'ports below 1024 need root; give the lab hosts a port above 1024 or use port 0'
            : undefined;
      reject(
        new LabHostsError(
          `simulated host ${hostName} cannot listen on ${address}:${port}: ${error.code ?? error.message}`,
          { code: LabHostsErrorCode.LISTEN_FAILED, host: hostName, cause: error, ...(hint ? { hint } : {}) }
        )
      );
    });
    listener.listen(port, address, () => {
      const bound = listener.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    });
  });
}

function serveConnection(options: HostServerOptions, client: Connection): void {
  const { host } = options;
  let user = host.entry.user;
  client.on('error', () => undefined); // a client that vanishes mid-handshake is not the lab's problem
  client.on('authentication', (ctx) => {
    if (authenticate(options, ctx)) user = ctx.username;
  });
  client.on('ready', () => {
    const uid = user === 'root' ? 0 : USER_UID;
    const home = uid === 0 ? '/root' : `/home/${user}`;
    client.on('session', (accept) => {
      const session = accept();
      session.on('pty', (acceptPty) => acceptPty?.());
      session.on('env', (acceptEnv) => acceptEnv?.());
      session.on('exec', (acceptExec, _reject, info) => void runExec(host, { uid, user }, acceptExec(), info.command));
      session.on('shell', (_accept, reject) => reject?.());
      session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), host, { uid, home }));
      session.on('subsystem', (_accept, reject) => reject?.());
    });
    client.on('tcpip', (acceptForward, reject, info) =>
      forwardToLoopback(acceptForward, reject, info.destIP, info.destPort)
    );
    client.on('request', (_accept, reject) => reject?.());
  });
}

/**
 * direct-tcpip (a jump host, `ssh -J`): forwarded connections may only go to loopback addresses, that is to
 * other lab hosts or the lab engine; anything else is refused.
 */
function forwardToLoopback(accept: () => ServerChannel, reject: () => void, address: string, port: number): void {
  if (!isLoopbackAddress(address)) return reject();
  const socket = connect(port, address);
  socket.once('error', () => reject());
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    const channel = accept();
    socket.on('error', () => channel.destroy());
    channel.on('error', () => socket.destroy());
    socket.pipe(channel).pipe(socket);
  });
}

/** The key a client offers, if this host accepts it for that user: the lab's key, or an authorized one. */
function acceptedKey(options: HostServerOptions, username: string, offered: { algo: string; data: Buffer }) {
  const { host } = options;
  const lab = options.clientPublicKey;
  if (username === host.entry.user && offered.algo === lab.type && offered.data.equals(lab.getPublicSSH())) return lab;
  const isKnownUser = username === host.entry.user || username === 'root';
  if (!isKnownUser || !isKeyAuthorized(host.state, username, { type: offered.algo, blob: offered.data }))
    return undefined;
  const parsed = utils.parseKey(`${offered.algo} ${offered.data.toString('base64')}`);
  return parsed instanceof Error || Array.isArray(parsed) ? undefined : parsed;
}

/** Answers one authentication request; true when it accepted the login. */
function authenticate(options: HostServerOptions, ctx: AuthContext): boolean {
  const { host } = options;
  const report = (isAccepted: boolean): void =>
    host.world.emit({ kind: 'auth', host: host.name, user: ctx.username, method: ctx.method, isAccepted });
  if (ctx.method === 'publickey') {
    const key = acceptedKey(options, ctx.username, ctx.key);
    if (key === undefined) return reject(ctx, report);
    if (!ctx.signature || !ctx.blob) {
      ctx.accept(); // the client asks whether this key would do
      return false;
    }
    if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return reject(ctx, report);
    return accept(ctx, report);
  }
  if (ctx.method === 'password') {
    const given = Buffer.from(ctx.password);
    const expected = Buffer.from(host.world.password);
    const isUser = ctx.username === host.entry.user;
    if (!isUser || given.length !== expected.length || !timingSafeEqual(given, expected)) return reject(ctx, report);
    return accept(ctx, report);
  }
  ctx.reject(['publickey', 'password']);
  return false;
}

function accept(ctx: AuthContext, report: (isAccepted: boolean) => void): true {
  report(true);
  ctx.accept();
  return true;
}

function reject(ctx: AuthContext, report: (isAccepted: boolean) => void): false {
  report(false);
  ctx.reject(['publickey', 'password']);
  return false;
}

/** Runs one exec request through the lab shell and reports its exit status. */
async function runExec(
  host: SimHost,
  { uid, user }: { uid: number; user: string },
  channel: ServerChannel,
  command: string
): Promise<void> {
  const io = {
    stdin: new StreamInput(channel),
    stdout: { write: (chunk: string | Buffer) => void channel.write(chunk) },
    stderr: { write: (chunk: string | Buffer) => void channel.stderr.write(chunk) },
  };
  let status: number;
  try {
    status = await runScript(host, createSession(host, uid, user), io, command);
  } catch (error) {
    io.stderr.write(`runbook lab: the simulated host ${host.name} failed to run this command: ${messageOf(error)}\n`);
    status = 1;
  }
  host.world.emit({ kind: 'exec', host: host.name, user, command: redactText(command), exitCode: status });
  try {
    await host.world.persist(); // the exit status is sent once what the command changed is saved
  } catch (error) {
    io.stderr.write(`runbook lab: the lab could not save what this command changed: ${messageOf(error)}\n`);
    status = 1;
  }
  channel.exit(status);
  channel.end();
}
