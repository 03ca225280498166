/**
 * The first and the last complete line of a journal, read without the lines between: enough to list runs
 * (who started what, when, and how the last session ended: a session that ended has run.finished as its last
 * line). Listing many long journals stays fast; `readJournal` and `audit verify` read every line.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RunEvent } from '../engine/events';
import { decodeLine } from './line';

export interface JournalEnds {
  first?: RunEvent;
  last?: RunEvent;
  /** Why the first or last line could not be read. */
  problem?: string;
}

const WINDOW = 64 * 1024;

export function peekJournal(path: string): JournalEnds {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const firstText = readFirstLine(fd, size);
    const lastText = readLastLine(fd, size);
    if (firstText === undefined || lastText === undefined) return {};
    const first = decodeLine(firstText);
    const last = decodeLine(lastText);
    if (!first.entry) return { problem: `line 1: ${first.problem}` };
    if (!last.entry) return { first: first.entry.event, problem: `last line: ${last.problem}` };
    return { first: first.entry.event, last: last.entry.event };
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, start);
  return buffer.subarray(0, read);
}

function readFirstLine(fd: number, size: number): string | undefined {
  for (let length = Math.min(WINDOW, size); length > 0; length = Math.min(length * 4, size)) {
    const chunk = readRange(fd, 0, length);
    const end = chunk.indexOf(0x0a);
    if (end >= 0) return chunk.toString('utf8', 0, end);
    if (length === size) return undefined;
  }
  return undefined;
}

/** The last line that ends with a newline (a torn tail after it is ignored). */
function readLastLine(fd: number, size: number): string | undefined {
  for (let length = Math.min(WINDOW, size); length > 0; length = Math.min(length * 4, size)) {
    const start = size - length;
    const chunk = readRange(fd, start, length);
    const end = chunk.lastIndexOf(0x0a);
    if (end < 0) {
      if (length === size) return undefined;
      continue;
    }
    const begin = chunk.lastIndexOf(0x0a, end - 1);
    if (begin >= 0 || start === 0) return chunk.toString('utf8', begin + 1, end);
    if (length === size) return undefined;
  }
  return undefined;
}
