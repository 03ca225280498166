/**
 * One pass over a journal's text: decode every line, check each line's digest and the chain (seq, prev), and
 * stop at the first line that is wrong. A last segment without its newline is a torn write (a crash mid-append)
 * when it is the start of the line that would come next (torn.ts): it is reported apart and never counts as
 * tampering; one that cannot be that is a bad line. Both the tolerant reader and `audit verify` use this.
 */
import { decodeHeader, GENESIS, LineProblem, parseEvent } from './line';
import type { JournalEntry } from './line';
import { judgeTornTail } from './torn';
import type { TornTail } from './torn';

export type { TornTail } from './torn';

export interface BadLine {
  line: number;
  reason: string;
}

/** A good line (its digest is what the next line's `prev` names). */
export type ScannedEntry = JournalEntry;

export interface JournalScan {
  /** How many lines were checked and found good (the chain up to the first bad line). */
  lines: number;
  /** The good lines, in order, up to the first bad one (only those of the wanted types, when given). */
  entries: ScannedEntry[];
  /** Byte length of the complete lines when all are good (where an append continues after dropping a torn tail). */
  validBytes: number;
  /** The digest of the last good line: the `prev` of the next line. */
  lastHash: string;
  torn?: TornTail;
  bad?: BadLine;
  /** The digests of the lines asked for (ScanOptions.digestsAt) that were checked and found good. */
  digests: Map<number, string>;
}

const PROBLEM_REASON: Record<LineProblem, string> = {
  [LineProblem.NOT_JSON]: 'is not valid JSON (damaged or edited)',
  [LineProblem.BAD_SHAPE]: 'is not a journal line (seq, prev, event, digest)',
  [LineProblem.DIGEST_MISMATCH]: 'does not match its digest (the line was edited)',
};

export interface ScanOptions {
  /**
   * Parse only the events of these types (every line's layout, digest and chain is still checked): resume needs
   * the finished tasks and the run's start and ends, not the thousands of step and progress lines between.
   */
  types?: ReadonlySet<string>;
  /** Keep the digests of these lines (the lines signed heads cover), in `digests`. */
  digestsAt?: ReadonlySet<number>;
}

export function scanJournal(content: Buffer, options: ScanOptions = {}): JournalScan {
  const scan: JournalScan = { lines: 0, entries: [], validBytes: 0, lastHash: GENESIS, digests: new Map() };
  const complete = content.lastIndexOf(0x0a) + 1;
  const text = content.toString('utf8', 0, complete);
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const reason = checkLine(text.slice(start, end), scan.lines + 1, scan, options.types);
    if (reason !== undefined) {
      scan.bad = { line: scan.lines + 1, reason };
      return scan;
    }
    if (options.digestsAt?.has(scan.lines)) scan.digests.set(scan.lines, scan.lastHash);
    start = end + 1;
  }
  scan.validBytes = complete;
  if (complete < content.length) {
    const verdict = judgeTornTail(content.subarray(complete), scan.lines + 1, scan.lastHash);
    if (verdict.torn) scan.torn = verdict.torn;
    else scan.bad = { line: scan.lines + 1, reason: verdict.reason };
  }
  return scan;
}

/** Undefined when the line is good (counted, and kept in scan.entries if wanted); else why it is bad. */
function checkLine(text: string, lineNo: number, scan: JournalScan, types?: ReadonlySet<string>): string | undefined {
  const decoded = decodeHeader(text);
  if (decoded.problem !== undefined) return PROBLEM_REASON[decoded.problem];
  const { header } = decoded;
  if (header.seq !== lineNo) {
    return `has seq ${header.seq} where ${lineNo} was expected (lines were deleted, inserted or reordered)`;
  }
  if (header.prev !== scan.lastHash) {
    return lineNo === 1
      ? 'does not start the chain (prev is not the genesis value)'
      : `does not chain to line ${lineNo - 1} (that line was edited, or lines were deleted, inserted or reordered)`;
  }
  const isWanted = !types || header.eventType === undefined || types.has(header.eventType);
  if (isWanted) {
    const parsed = parseEvent(header);
    if (parsed.problem !== undefined) return PROBLEM_REASON[parsed.problem];
    scan.entries.push(parsed.entry);
  }
  scan.lastHash = header.digest;
  scan.lines = lineNo;
  return undefined;
}
