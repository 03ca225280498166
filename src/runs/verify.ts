/** `runbook audit verify`: check every line's digest and the hash chain; name the first bad line. */
import { readFileSync } from 'node:fs';
import { scanJournal } from './scan';
import type { TornTail } from './scan';

export interface VerifyResult {
  /** True when every complete line is intact and chained (a torn last line alone does not make it false). */
  ok: boolean;
  /** Complete lines checked and found good. */
  lines: number;
  /** The first line that fails, 1-based. */
  firstBadLine?: number;
  reason: string;
  torn?: TornTail;
}

export function verifyJournal(path: string): VerifyResult {
  const scan = scanJournal(readFileSync(path));
  const lines = scan.lines;
  if (scan.bad) {
    return { ok: false, lines, firstBadLine: scan.bad.line, reason: `line ${scan.bad.line} ${scan.bad.reason}` };
  }
  if (lines === 0 && !scan.torn) return { ok: false, lines, firstBadLine: 1, reason: 'the journal is empty' };
  const intact = `${lines} line${lines === 1 ? '' : 's'} intact, hash chain unbroken`;
  if (!scan.torn) return { ok: true, lines, reason: intact };
  const tornNote = `line ${scan.torn.line} is torn (${scan.torn.bytes} bytes of a write cut short by a crash; not part of the chain)`;
  return { ok: true, lines, reason: `${intact}; ${tornNote}`, torn: scan.torn };
}
