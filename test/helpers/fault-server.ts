/**
 * An in-process ssh2 server on loopback for faults a real sshd cannot produce on demand: a connection dropped in
 * the middle of a command, a host that goes silent. Any client key is accepted; `onExec` decides what happens.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server, utils } from 'ssh2';
import type { Connection, ParsedKey, ServerChannel } from 'ssh2';
import { generateKeyPair } from '../../src/lab/hosts/keys';
import { makeTempDir } from './sshd';

export interface ExecContext {
  command: string;
  channel: ServerChannel;
  /** The client's TCP socket, to drop or silence the connection. */
  socket: NodeJS.ReadWriteStream & { destroy(): void; pause(): void };
  /** 1 for the first connection, 2 after a reconnect, … */
  connectionNumber: number;
}

export interface FaultServer {
  address: string;
  port: number;
  knownHostsPath: string;
  stop(): Promise<void>;
}

/**
 * `beforeReply` runs when an exec request arrives, before the server answers it: the client is then waiting for
 * its channel (what it does in that window can be tested without racing a timer).
 */
export async function startFaultServer(
  address: string,
  onExec: (ctx: ExecContext) => void,
  beforeReply: () => void = () => undefined
): Promise<FaultServer> {
  // ssh2's generator makes a malformed key now and then: the lab's generator keeps only one that parses and signs.
  const hostKey = generateKeyPair('runbook-fault-server');
  const parsed = utils.parseKey(hostKey) as ParsedKey;
  const keys = { private: hostKey, public: `${parsed.type} ${parsed.getPublicSSH().toString('base64')}` };
  let connections = 0;
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [keys.private] }, (client, info) => {
    const connectionNumber = ++connections;
    clients.add(client);
    const socket = (client as unknown as { _sock: ExecContext['socket'] })._sock;
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, request) => {
        beforeReply();
        onExec({ command: request.command, channel: acceptExec(), socket, connectionNumber });
      });
    });
    void info;
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  const knownHostsPath = join(makeTempDir('runbook-fault-'), 'known_hosts');
  writeFileSync(knownHostsPath, `[${address}]:${port} ${keys.public.split(' ').slice(0, 2).join(' ')}\n`);
  const stop = async (): Promise<void> => {
    for (const client of clients) (client as unknown as { _sock: { destroy(): void } })._sock.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { address, port, knownHostsPath, stop };
}

/** Ends an exec channel with an exit status. */
export function finish(channel: ServerChannel, stdout: string, exitCode = 0): void {
  channel.write(stdout);
  channel.exit(exitCode);
  channel.end();
}
