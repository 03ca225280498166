/**
 * The format of one journal line (docs/audit.md):
 *
 *     {"seq":N,"prev":"<digest of line N-1>","event":{...},"digest":"<sha256 hex of this line's body>"}
 *
 * `body` is the line up to (not including) `,"digest":"`: everything but the digest itself. `prev` repeats the
 * previous line's digest (line 1 carries GENESIS), so each line carries the sha256 of the previous line's content,
 * and one hash per line both seals the line and links the chain. Editing any byte of a line breaks its digest;
 * deleting, inserting or reordering lines breaks `seq` and `prev`.
 */
import * as crypto from 'node:crypto';
import type { RunEvent } from '../engine/events';

/** The `prev` of line 1. */
export const GENESIS = '0'.repeat(64);

const DIGEST_MARK = ',"digest":"';

export interface JournalEntry {
  /** 1-based; equals the line number in the file. */
  seq: number;
  prev: string;
  event: RunEvent;
  digest: string;
}

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;
/** `crypto.hash` (Node >= 20.12) hashes a short input several times faster than createHash. */
const oneShot = (crypto as { hash?: OneShotHash }).hash;

export function sha256Hex(text: string | Buffer): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

export interface EncodedLine {
  /** The line without its newline. */
  text: string;
  digest: string;
}

/** Line `seq` for an event that was already redacted and serialized. */
export function encodeLine(seq: number, prev: string, eventJson: string): EncodedLine {
  const body = `{"seq":${seq},"prev":"${prev}","event":${eventJson}`;
  const digest = sha256Hex(body);
  return { text: `${body}${DIGEST_MARK}${digest}"}`, digest };
}

export const LineProblem = {
  NOT_JSON: 'not-json',
  BAD_SHAPE: 'bad-shape',
  DIGEST_MISMATCH: 'digest-mismatch',
} as const;
export type LineProblem = (typeof LineProblem)[keyof typeof LineProblem];

export type DecodedLine = { entry: JournalEntry; problem?: undefined } | { entry?: undefined; problem: LineProblem };

/** A line whose layout and digest were checked, its event not yet parsed. */
export interface LineHeader {
  seq: number;
  prev: string;
  digest: string;
  /** The event's `type` when it is the event's first key (as the writer puts it); else undefined. */
  eventType: string | undefined;
  eventJson: string;
}

export type DecodedHeader = { header: LineHeader; problem?: undefined } | { header?: undefined; problem: LineProblem };

const SEQ_MARK = '{"seq":';
const PREV_MARK = ',"prev":"';
const EVENT_MARK = '","event":';
const TYPE_MARK = '{"type":"';
const DIGITS = /^[1-9]\d*$/;

/** Check a line's exact layout and its own digest without parsing the event (the chain is checked by scan.ts). */
export function decodeHeader(text: string): DecodedHeader {
  const prevAt = text.indexOf(PREV_MARK, SEQ_MARK.length);
  const eventAt = prevAt + PREV_MARK.length + 64;
  const at = text.lastIndexOf(DIGEST_MARK);
  const seqText = text.slice(SEQ_MARK.length, prevAt);
  const isLaidOut =
    text.startsWith(SEQ_MARK) &&
    prevAt > 0 &&
    DIGITS.test(seqText) &&
    text.startsWith(EVENT_MARK, eventAt) &&
    at > eventAt &&
    text.length === at + DIGEST_MARK.length + 66 &&
    text.endsWith('"}');
  if (!isLaidOut) return { problem: isJson(text) ? LineProblem.BAD_SHAPE : LineProblem.NOT_JSON };
  const digest = text.slice(at + DIGEST_MARK.length, at + DIGEST_MARK.length + 64);
  if (sha256Hex(text.slice(0, at)) !== digest) return { problem: LineProblem.DIGEST_MISMATCH };
  const eventJson = text.slice(eventAt + EVENT_MARK.length, at);
  const typeEnd = eventJson.startsWith(TYPE_MARK) ? eventJson.indexOf('"', TYPE_MARK.length) : -1;
  const eventType = typeEnd > 0 ? eventJson.slice(TYPE_MARK.length, typeEnd) : undefined;
  const prev = text.slice(prevAt + PREV_MARK.length, eventAt);
  return { header: { seq: Number(seqText), prev, digest, eventType, eventJson } };
}

/** Parse the event of a checked line. */
export function parseEvent(header: LineHeader): DecodedLine {
  let event: unknown;
  try {
    event = JSON.parse(header.eventJson);
  } catch {
    return { problem: LineProblem.NOT_JSON };
  }
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    return { problem: LineProblem.BAD_SHAPE };
  }
  const { seq, prev, digest } = header;
  return { entry: { seq, prev, event: event as RunEvent, digest } };
}

/** Check a line's layout and digest, and parse its event; the chain (seq, prev) is checked by scan.ts. */
export function decodeLine(text: string): DecodedLine {
  const decoded = decodeHeader(text);
  return decoded.header ? parseEvent(decoded.header) : { problem: decoded.problem };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
