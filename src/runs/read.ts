/**
 * Reading a journal for resume, `runbook runs` and `runbook log`: tolerant of a torn last line (a crash
 * mid-write), which is reported and dropped; strict about anything else, which raises JournalCorruptError.
 */
import { readFileSync } from 'node:fs';
import type { RunEvent } from '../engine/events';
import { JournalCorruptError } from './errors';
import { scanJournal } from './scan';
import type { JournalScan, ScanOptions, TornTail } from './scan';

export interface JournalContents {
  path: string;
  events: RunEvent[];
  torn?: TornTail;
  /** The chain state an append continues from. */
  next: { seq: number; prev: string; validBytes: number };
}

/** Every event, or with `types` only those (see ScanOptions); the whole chain is checked either way. */
export function readJournal(path: string, options: ScanOptions = {}): JournalContents {
  return toContents(path, scanJournal(readFileSync(path), options));
}

export function toContents(path: string, scan: JournalScan): JournalContents {
  if (scan.bad) throw new JournalCorruptError(path, scan.bad.line, `line ${scan.bad.line} ${scan.bad.reason}`);
  return {
    path,
    events: scan.entries.map((e) => e.event),
    ...(scan.torn ? { torn: scan.torn } : {}),
    next: { seq: scan.lines + 1, prev: scan.lastHash, validBytes: scan.validBytes },
  };
}
