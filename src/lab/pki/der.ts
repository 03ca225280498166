/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs, so that the lab makes its CA and certificates
 * with node:crypto alone (no openssl command): tag-length-value, SEQUENCE/SET, INTEGER, OBJECT IDENTIFIER, strings,
 * times, BIT/OCTET STRING, BOOLEAN and context-specific tags.
 */

const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(Tag.SEQUENCE, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return tlv(Tag.SET, Buffer.concat(items));
}

/** A non-negative INTEGER from a small number or big-endian bytes (minimal form, with a sign byte when needed). */
export function integer(value: number | Buffer): Buffer {
  let bytes = typeof value === 'number' ? bytesOf(value) : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.subarray(start);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(Tag.INTEGER, bytes);
}

function bytesOf(value: number): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex');
}

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc % 128];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      chunk.unshift(0x80 | value % 128);
    bytes.push(...chunk);
  }
  return tlv(Tag.OID, Buffer.from(bytes));
}

export function nullValue(): Buffer {
  return Buffer.from([Tag.NULL, 0]);
}

export function boolean(value: boolean): Buffer {
  return tlv(Tag.BOOLEAN, Buffer.from([value ? 0xff : 0]));
}

export function utf8String(text: string): Buffer {
  return tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function printableString(text: string): Buffer {
  return tlv(Tag.PRINTABLE_STRING, Buffer.from(text, 'ascii'));
}

export function ia5String(text: string, tag: number = Tag.IA5_STRING): Buffer {
  return tlv(tag, Buffer.from(text, 'ascii'));
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const year = date.getUTCFullYear();
  return year < 2050
    ? tlv(Tag.UTC_TIME, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(Tag.GENERALIZED_TIME, Buffer.from(iso, 'ascii'));
}

/** A BIT STRING of whole bytes. */
export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(Tag.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** A BIT STRING of named bits (bit 0 is the most significant bit of the first byte), in minimal DER form. */
export function namedBits(bits: readonly number[]): Buffer {
  const length = Math.max(...bits) + 1;
  const bytes = Buffer.alloc(Math.ceil(length / 8));
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return bitString(bytes, bytes.length * 8 - length);
}

export function octetString(bytes: Buffer): Buffer {
  return tlv(Tag.OCTET_STRING, bytes);
}

/** `[n] EXPLICIT`: a constructed context-specific tag around an encoded value. */
export function explicit(n: number, value: Buffer): Buffer {
  return tlv(0xa0 | n, value);
}

/** `[n] IMPLICIT` for a primitive value: the content with a context-specific tag. */
export function implicitPrimitive(n: number, content: Buffer): Buffer {
  return tlv(0x80 | n, content);
}

/** The encoded elements inside a constructed DER element (a SEQUENCE's fields), each with its tag and length. */
export function childrenOf(element: Buffer): Buffer[] {
  const children: Buffer[] = [];
  let at = headerLength(element, 0);
  while (at < element.length) {
    const size = headerLength(element, at) + contentLength(element, at);
    children.push(element.subarray(at, at + size));
    at += size;
  }
  return children;
}

function headerLength(buffer: Buffer, at: number): number {
  const first = buffer[at + 1] ?? 0;
  return 2 + (first & 0x80 ? first & 0x7f : 0);
}

function contentLength(buffer: Buffer, at: number): number {
  const first = buffer[at + 1] ?? 0;
  if ((first & 0x80) === 0) return first;
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i += 1) length = length * 256 + (buffer[at + 2 + i] ?? 0);
  return length;
}
