/**
 * The format of one journal line (docs/audit.md):
 *
 *     {"seq":N,"prev":"<sha256 hex of line N-1>","event":{...},"digest":"<sha256 hex of this line's body>"}
 *
 * `body` is the line up to (not including) `,"digest":"`. `prev` is the sha256 of the previous line's complete
 * text without its newline; line 1 carries GENESIS. Editing any byte of a line breaks its digest; deleting,
 * inserting or reordering lines breaks `seq` and `prev`.
 */
import { createHash } from 'node:crypto';
import type { RunEvent } from '../engine/events';

/** The `prev` of line 1. */
export const GENESIS = '0'.repeat(64);

const DIGEST_MARK = ',"digest":"';
const HEX64 = /^[0-9a-f]{64}$/;

export interface JournalEntry {
  /** 1-based; equals the line number in the file. */
  seq: number;
  prev: string;
  event: RunEvent;
  digest: string;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The text of line `seq` (without newline) for an event that was already redacted and serialized. */
export function encodeLine(seq: number, prev: string, eventJson: string): string {
  const body = `{"seq":${seq},"prev":"${prev}","event":${eventJson}`;
  return `${body}${DIGEST_MARK}${sha256Hex(body)}"}`;
}

export const LineProblem = {
  NOT_JSON: 'not-json',
  BAD_SHAPE: 'bad-shape',
  DIGEST_MISMATCH: 'digest-mismatch',
} as const;
export type LineProblem = (typeof LineProblem)[keyof typeof LineProblem];

export type DecodedLine = { entry: JournalEntry; problem?: undefined } | { entry?: undefined; problem: LineProblem };

/** Parse one line and check its own digest; the chain (seq, prev) is checked by the caller. */
export function decodeLine(text: string): DecodedLine {
  const at = text.lastIndexOf(DIGEST_MARK);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: LineProblem.NOT_JSON };
  }
  if (at < 0 || !isEntryShape(value)) return { problem: LineProblem.BAD_SHAPE };
  const body = text.slice(0, at);
  if (text !== `${body}${DIGEST_MARK}${value.digest}"}` || sha256Hex(body) !== value.digest) {
    return { problem: LineProblem.DIGEST_MISMATCH };
  }
  return { entry: value };
}

function isEntryShape(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const event = v['event'] as { type?: unknown } | null | undefined;
  return (
    Number.isInteger(v['seq']) &&
    typeof v['prev'] === 'string' &&
    HEX64.test(v['prev']) &&
    typeof v['digest'] === 'string' &&
    HEX64.test(v['digest']) &&
    typeof event === 'object' &&
    event !== null &&
    typeof event.type === 'string'
  );
}
