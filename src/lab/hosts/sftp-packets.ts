/**
 * SFTP version 3 wire format (draft-ietf-secsh-filexfer-02) for the lab's SFTP server: packet types, status
 * codes, and reading and writing packets and file attributes.
 */

export const SftpPacket = {
  INIT: 1,
  VERSION: 2,
  OPEN: 3,
  CLOSE: 4,
  READ: 5,
  WRITE: 6,
  LSTAT: 7,
  FSTAT: 8,
  SETSTAT: 9,
  FSETSTAT: 10,
  OPENDIR: 11,
  READDIR: 12,
  REMOVE: 13,
  MKDIR: 14,
  RMDIR: 15,
  REALPATH: 16,
  STAT: 17,
  RENAME: 18,
  STATUS: 101,
  HANDLE: 102,
  DATA: 103,
  NAME: 104,
  ATTRS: 105,
  EXTENDED: 200,
} as const;

export const SftpStatus = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  OP_UNSUPPORTED: 8,
} as const;

export const OpenFlag = { READ: 0x01, WRITE: 0x02, APPEND: 0x04, CREAT: 0x08, TRUNC: 0x10, EXCL: 0x20 } as const;

const ATTR_SIZE = 0x1;
const ATTR_UIDGID = 0x2;
const ATTR_PERMISSIONS = 0x4;
const ATTR_ACMODTIME = 0x8;
const ATTR_EXTENDED = 0x80000000;

export interface SftpAttrs {
  size?: number;
  uid?: number;
  gid?: number;
  mode?: number;
  atime?: number;
  mtime?: number;
}

export class SftpBadMessage extends Error {}

export class PacketReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  byte(): number {
    this.need(1);
    return this.buffer.readUInt8(this.offset++);
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint64(): number {
    this.need(8);
    const value = Number(this.buffer.readBigUInt64BE(this.offset));
    this.offset += 8;
    return value;
  }

  bytes(): Buffer {
    const length = this.uint32();
    this.need(length);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  attrs(): SftpAttrs {
    const flags = this.uint32();
    const attrs: SftpAttrs = {};
    if (flags & ATTR_SIZE) attrs.size = this.uint64();
    if (flags & ATTR_UIDGID) Object.assign(attrs, { uid: this.uint32(), gid: this.uint32() });
    if (flags & ATTR_PERMISSIONS) attrs.mode = this.uint32();
    if (flags & ATTR_ACMODTIME) Object.assign(attrs, { atime: this.uint32(), mtime: this.uint32() });
    if (flags & ATTR_EXTENDED) this.skipExtendedAttributes();
    return attrs;
  }

  private skipExtendedAttributes(): void {
    for (let count = this.uint32(); count > 0; count -= 1) {
      this.bytes();
      this.bytes();
    }
  }

  private need(length: number): void {
    if (this.offset + length > this.buffer.length) throw new SftpBadMessage('truncated SFTP packet');
  }
}

export class PacketWriter {
  private readonly chunks: Buffer[] = [];

  constructor(type: number) {
    this.byte(type);
  }

  byte(value: number): this {
    this.chunks.push(Buffer.from([value]));
    return this;
  }

  uint32(value: number): this {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32BE(value >>> 0);
    this.chunks.push(chunk);
    return this;
  }

  uint64(value: number): this {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64BE(BigInt(value));
    this.chunks.push(chunk);
    return this;
  }

  bytes(value: Buffer | string): this {
    const chunk = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.uint32(chunk.length);
    this.chunks.push(chunk);
    return this;
  }

  attrs(attrs: SftpAttrs): this {
    const hasTimes = attrs.atime !== undefined && attrs.mtime !== undefined;
    const hasIds = attrs.uid !== undefined && attrs.gid !== undefined;
    const flags =
      (attrs.size !== undefined ? ATTR_SIZE : 0) |
      (hasIds ? ATTR_UIDGID : 0) |
      (attrs.mode !== undefined ? ATTR_PERMISSIONS : 0) |
      (hasTimes ? ATTR_ACMODTIME : 0);
    this.uint32(flags);
    if (attrs.size !== undefined) this.uint64(attrs.size);
    if (hasIds) this.uint32(attrs.uid as number).uint32(attrs.gid as number);
    if (attrs.mode !== undefined) this.uint32(attrs.mode);
    if (hasTimes) this.uint32(attrs.atime as number).uint32(attrs.mtime as number);
    return this;
  }

  /** The packet with its length prefix. */
  finish(): Buffer {
    const body = Buffer.concat(this.chunks);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, body]);
  }
}

/** Splits a byte stream into SFTP packets (without their length prefix). */
export class PacketFramer {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const packets: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (this.pending.length < 4 + length) break;
      packets.push(this.pending.subarray(4, 4 + length));
      this.pending = this.pending.subarray(4 + length);
    }
    return packets;
  }
}
