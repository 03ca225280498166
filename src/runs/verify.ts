/**
 * `runbook audit verify`: check every line's digest and the hash chain, name the first bad line, tell a torn last
 * line (a crash) from an edit as far as the file allows (torn.ts), then check the journal against its signed heads
 * (verify-heads.ts): required with an allowed signers file, checked whenever there are heads.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readStoredHeads } from './heads';
import type { StoredHead } from './heads';
import { scanJournal } from './scan';
import { describeTorn } from './torn';
import type { TornTail } from './torn';
import { verifyHeads } from './verify-heads';
import type { SignaturePolicy } from './verify-heads';

export interface VerifyResult {
  /** True when every complete line is intact and chained, and the heads agree (a torn last line alone is fine). */
  ok: boolean;
  /** Complete lines checked and found good. */
  lines: number;
  /** The first line that fails, 1-based. */
  firstBadLine?: number;
  reason: string;
  torn?: TornTail;
  /** What else the operator should know: the signatures, what cannot be detected. */
  notes: string[];
}

export interface VerifyOptions extends SignaturePolicy {
  /** The run the journal belongs to (heads name it). */
  runId?: string;
  /** The run's signed heads; read from the journal's directory when not given. */
  heads?: readonly StoredHead[];
}

export function verifyJournal(path: string, options: VerifyOptions = {}): VerifyResult {
  const heads = options.heads ?? readStoredHeads(dirname(path)).heads;
  return verifyJournalContent(readFileSync(path), { ...options, heads });
}

export function verifyJournalContent(content: Buffer, options: VerifyOptions = {}): VerifyResult {
  const heads = options.heads ?? [];
  const digestsAt = new Set(heads.flatMap((h) => (h.head ? [h.head.lines] : [])));
  const scan = scanJournal(content, { digestsAt });
  const lines = scan.lines;
  if (scan.bad) {
    return {
      ok: false,
      lines,
      firstBadLine: scan.bad.line,
      reason: `line ${scan.bad.line} ${scan.bad.reason}`,
      notes: [],
    };
  }
  if (lines === 0 && !scan.torn)
    return { ok: false, lines, firstBadLine: 1, reason: 'the journal is empty', notes: [] };
  const runId = options.runId ?? heads.find((h) => h.head)?.head?.runId ?? '';
  const verdict = verifyHeads(runId, scan, heads, options);
  if (verdict.problem) {
    return {
      ok: false,
      lines,
      firstBadLine: verdict.problem.line,
      reason: verdict.problem.reason,
      notes: verdict.notes,
    };
  }
  const intact = `${lines} line${lines === 1 ? '' : 's'} intact, hash chain unbroken`;
  const reason = scan.torn ? `${intact}; ${describeTorn(scan.torn)}` : intact;
  return { ok: true, lines, reason, notes: verdict.notes, ...(scan.torn ? { torn: scan.torn } : {}) };
}
