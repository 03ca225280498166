/** Encoding the lab SFTP server's replies: status, handle, data, names (with ls -l lines) and attributes. */
import { fullMode, type PathStat } from './filesystem';
import { PacketWriter, SftpPacket, SftpStatus, type SftpAttrs } from './sftp-packets';

export type Reply =
  | { status: number; message?: string }
  | { handle: Buffer }
  | { data: Buffer }
  | { names: { name: string; stat: PathStat }[] }
  | { attrs: SftpAttrs };

export function encodeReply(id: number, reply: Reply): Buffer {
  if ('status' in reply)
    return new PacketWriter(SftpPacket.STATUS)
      .uint32(id)
      .uint32(reply.status)
      .bytes(reply.message ?? '')
      .bytes('en')
      .finish();
  if ('handle' in reply) return new PacketWriter(SftpPacket.HANDLE).uint32(id).bytes(reply.handle).finish();
  if ('data' in reply) return new PacketWriter(SftpPacket.DATA).uint32(id).bytes(reply.data).finish();
  if ('attrs' in reply) return new PacketWriter(SftpPacket.ATTRS).uint32(id).attrs(reply.attrs).finish();
  const writer = new PacketWriter(SftpPacket.NAME).uint32(id).uint32(reply.names.length);
  for (const { name, stat } of reply.names) writer.bytes(name).bytes(longName(name, stat)).attrs(attributesOf(stat));
  return writer.finish();
}

/** An `ls -l` style line, as OpenSSH's sftp client shows it. */
function longName(name: string, stat: PathStat): string {
  const perms = [6, 3, 0].map((shift) => {
    const bits = (stat.mode >> shift) & 7;
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  });
  return `${stat.kind === 'directory' ? 'd' : '-'}${perms.join('')}    1 ${stat.uid}     ${stat.gid}     ${String(stat.size).padStart(8)} Jan  7 10:00 ${name}`;
}

export function badHandle(): Reply {
  return { status: SftpStatus.FAILURE, message: 'bad handle' };
}

export function attributesOf(stat: PathStat): SftpAttrs {
  return { size: stat.size, uid: stat.uid, gid: stat.gid, mode: fullMode(stat), atime: stat.mtime, mtime: stat.mtime };
}
