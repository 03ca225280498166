/**
 * The SFTP extensions a simulated host advertises, as OpenSSH's sftp-server advertises them in its VERSION reply
 * (`posix-rename@openssh.com` and `fsync@openssh.com`, both version "1"; sftp-server.c `process_init`).
 *
 * ssh2's SFTP server (ssh2 1.17, lib/protocol/SFTP.js `SERVER_VERSION_BUFFER`) answers INIT with a fixed VERSION
 * packet that lists no extension, so clients (ssh2's own `ext_openssh_rename`, OpenSSH's sftp `rename`) would take
 * a path a real host never makes them take. The one packet is rewritten on its way out of this session; every
 * other packet, and the window accounting, stay ssh2's.
 */
import type { SFTPWrapper } from 'ssh2';

const SSH_FXP_VERSION = 2;
const SFTP_VERSION = 3;
export const ADVERTISED_EXTENSIONS: readonly (readonly [string, string])[] = [
  ['posix-rename@openssh.com', '1'],
  ['fsync@openssh.com', '1'],
];

function sshString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function versionPacket(): Buffer {
  const body = Buffer.concat([
    Buffer.from([SSH_FXP_VERSION, 0, 0, 0, SFTP_VERSION]),
    ...ADVERTISED_EXTENSIONS.flatMap(([name, data]) => [sshString(name), sshString(data)]),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** Whether `data` is ssh2's bare VERSION reply (length 5, type VERSION, version 3, no extension). */
function isBareVersion(data: Buffer): boolean {
  return data.length === 9 && data.readUInt32BE(0) === 5 && data[4] === SSH_FXP_VERSION;
}

interface ChannelSink {
  channelData(id: number, data: Buffer): void;
}

interface SftpInternals {
  _protocol: ChannelSink;
  outgoing: { window: number };
}

/** Make this server session's VERSION reply list the extensions OpenSSH's sftp-server lists. */
export function advertiseExtensions(sftp: SFTPWrapper): void {
  const internals = sftp as unknown as SftpInternals;
  const protocol = internals._protocol;
  const replacement = versionPacket();
  let isDone = false;
  internals._protocol = new Proxy(protocol, {
    get(target, property, receiver) {
      if (property !== 'channelData' || isDone) {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (id: number, data: Buffer) => {
        if (!isBareVersion(data)) return target.channelData(id, data);
        isDone = true;
        // ssh2 charged the window for its own 9 bytes; charge the difference too.
        internals.outgoing.window -= replacement.length - data.length;
        return target.channelData(id, replacement);
      };
    },
  });
}
