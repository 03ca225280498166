/**
 * A journal's last segment without a newline: a write a crash cut short, or an edit made to look like one. The
 * writer appends whole lines (`{"seq":N,"prev":"<digest of line N-1>","event":…,"digest":"…"}` and a newline) in
 * one write, so a real torn write is a prefix of the line that would have come next. What can be checked is:
 * - its start: seq N and the previous line's digest, as the next line must begin (else it is not a torn write);
 * - when its digest is there in full or in part, that it is (the start of) the sha256 of its body;
 * - zero bytes (blocks a power cut left unwritten on some file systems) are a crash's too.
 * Between its start and its digest, an edit of a torn line cannot be told from a crash: that is said plainly.
 */
import { sha256Hex } from './line';

export const TornKind = {
  /** Zero bytes: blocks the file system allocated but never wrote (a power cut). */
  ZEROED: 'zeroed',
  /** The cut falls before the digest: its start checks out; its content cannot be checked. */
  UNCHECKED: 'unchecked',
  /** The cut falls inside the digest, and the digest written so far matches its body. */
  PARTIAL_DIGEST: 'partial-digest',
  /** A whole line but for its newline, its digest right. */
  COMPLETE: 'complete',
} as const;
export type TornKind = (typeof TornKind)[keyof typeof TornKind];

export interface TornTail {
  /** The 1-based line number the torn text would have had. */
  line: number;
  /** How many bytes of it reached the disk. */
  bytes: number;
  kind: TornKind;
}

export type TornVerdict = { torn: TornTail; reason?: undefined } | { torn?: undefined; reason: string };

const DIGEST_MARK = ',"digest":"';

/** Is `tail` (bytes after the last newline) a torn write of line `line`, whose prev must be `prev`? */
export function judgeTornTail(tail: Buffer, line: number, prev: string): TornVerdict {
  const bytes = tail.length;
  if (tail.every((b) => b === 0)) return { torn: { line, bytes, kind: TornKind.ZEROED } };
  const text = tail.toString('utf8').replace(/\0+$/, '');
  const start = `{"seq":${line},"prev":"${prev}","event":`;
  if (text.length <= start.length) {
    return start.startsWith(text) ? { torn: { line, bytes, kind: TornKind.UNCHECKED } } : { reason: badStart(line) };
  }
  if (!text.startsWith(start)) return { reason: badStart(line) };
  // The digest is last: after its mark, only hex (and the closing `"}`) may follow. Else the cut is in the event.
  const at = text.lastIndexOf(DIGEST_MARK);
  const written = at < 0 ? '' : text.slice(at + DIGEST_MARK.length);
  const match = /^([0-9a-f]{0,64})("}?)?$/.exec(written);
  // A `,"digest":"` inside the event (a result's own key) is not the line's: before the line's, the event is whole.
  if (at < 0 || !match || !isWholeLineStart(text.slice(0, at)))
    return { torn: { line, bytes, kind: TornKind.UNCHECKED } };
  const hex = match[1] as string;
  const expected = sha256Hex(text.slice(0, at));
  if (hex === expected && written === `${hex}"}`) return { torn: { line, bytes, kind: TornKind.COMPLETE } };
  if (hex.length === 64 && written === `${hex}"}`) return { reason: notTorn('its digest does not match its content') };
  if (expected.startsWith(hex)) return { torn: { line, bytes, kind: TornKind.PARTIAL_DIGEST } };
  return { reason: notTorn('the part of its digest written does not match its content') };
}

function isWholeLineStart(text: string): boolean {
  try {
    JSON.parse(`${text}}`);
    return true;
  } catch {
    return false;
  }
}

function badStart(line: number): string {
  return (
    `is not a torn write although it has no newline: it does not begin as line ${line} must ` +
    '(its seq, and the digest of the line before)'
  );
}

function notTorn(why: string): string {
  return `is not a torn write although it has no newline: ${why} (the line was edited)`;
}

/** What a torn tail is, for the operator. */
export function describeTorn(torn: TornTail): string {
  const head = `line ${torn.line} is torn (${torn.bytes} bytes of a write cut short by a crash; not part of the chain)`;
  switch (torn.kind) {
    case TornKind.ZEROED:
      return `${head}: zero bytes, blocks a power cut left unwritten`;
    case TornKind.COMPLETE:
      return `${head}: a whole line but for its newline, its digest right`;
    case TornKind.PARTIAL_DIGEST:
      return `${head}: it continues the chain and the part of its digest written matches its content`;
    default:
      return (
        `${head}: it continues the chain (its seq and the digest of the line before), but it ends before its ` +
        'digest, so whether its content was edited cannot be told'
      );
  }
}
