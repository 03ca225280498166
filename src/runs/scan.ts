/**
 * One pass over a journal's text: decode every line, check each line's digest and the chain (seq, prev), and
 * stop at the first line that is wrong. A last segment without its newline is a torn write (a crash mid-append):
 * it is reported apart and never counts as tampering. Both the tolerant reader and `audit verify` use this.
 */
import { decodeLine, GENESIS, LineProblem, sha256Hex } from './line';
import type { JournalEntry } from './line';

export interface TornTail {
  /** The 1-based line number the torn text would have had. */
  line: number;
  /** How many bytes of it reached the disk. */
  bytes: number;
}

export interface BadLine {
  line: number;
  reason: string;
}

/** A good line: its parsed entry and the sha256 of its text (which the next line's `prev` names). */
export interface ScannedEntry extends JournalEntry {
  hash: string;
}

export interface JournalScan {
  /** The good lines, in order, up to the first bad one. */
  entries: ScannedEntry[];
  /** Byte length of the good prefix (where an append continues after dropping a torn tail). */
  validBytes: number;
  /** sha256 of the last good line: the `prev` of the next line. */
  lastHash: string;
  torn?: TornTail;
  bad?: BadLine;
}

const PROBLEM_REASON: Record<LineProblem, string> = {
  [LineProblem.NOT_JSON]: 'is not valid JSON (damaged or edited)',
  [LineProblem.BAD_SHAPE]: 'is not a journal line (seq, prev, event, digest)',
  [LineProblem.DIGEST_MISMATCH]: 'does not match its digest (the line was edited)',
};

export function scanJournal(content: Buffer): JournalScan {
  const scan: JournalScan = { entries: [], validBytes: 0, lastHash: GENESIS };
  let start = 0;
  while (start < content.length) {
    const end = content.indexOf(0x0a, start);
    const lineNo = scan.entries.length + 1;
    if (end < 0) {
      scan.torn = { line: lineNo, bytes: content.length - start };
      break;
    }
    const text = content.toString('utf8', start, end);
    const reason = checkLine(text, lineNo, scan);
    if (reason !== undefined) {
      scan.bad = { line: lineNo, reason };
      break;
    }
    start = end + 1;
    scan.validBytes = start;
  }
  return scan;
}

/** Undefined when the line is good (and appended to scan.entries); else why it is bad. */
function checkLine(text: string, lineNo: number, scan: JournalScan): string | undefined {
  const decoded = decodeLine(text);
  if (decoded.problem !== undefined) return PROBLEM_REASON[decoded.problem];
  const { entry } = decoded;
  if (entry.seq !== lineNo) {
    return `has seq ${entry.seq} where ${lineNo} was expected (lines were deleted, inserted or reordered)`;
  }
  if (entry.prev !== scan.lastHash) {
    return lineNo === 1
      ? 'does not start the chain (prev is not the genesis value)'
      : `does not chain to line ${lineNo - 1} (that line was edited, or lines were deleted, inserted or reordered)`;
  }
  scan.lastHash = sha256Hex(text);
  scan.entries.push({ ...entry, hash: scan.lastHash });
  return undefined;
}
