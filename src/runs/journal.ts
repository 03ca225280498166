/**
 * The journal writer: an EventSink that appends one hash-chained line per event (format in line.ts and
 * docs/audit.md) to `.runbook/runs/<run-id>/journal.jsonl`.
 *
 * emit() redacts, serializes and chains the event at once (so the order is the emit order) and buffers the line;
 * flush() writes everything buffered with one write and one fdatasync (group commit: tasks that finish together
 * share one sync). A crash can therefore only cut the last write short, which readers see as a torn last line.
 * `task.output` events are not journaled: their excerpt is part of `task.finished`.
 */
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink, RunEvent } from '../engine/events';
import { ExitCode, messageOf, RunbookError } from '../shared/errors';
import { encodeLine, GENESIS, sha256Hex } from './line';
import { readJournal } from './read';
import type { TornTail } from './scan';
import { redactEvent } from './redact-event';

/** Writing the journal failed (disk full, permissions): the run cannot be made durable. */
export class JournalWriteError extends RunbookError {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(`cannot write the journal ${path}: ${messageOf(cause)}`, {
      code: 'JOURNAL_WRITE',
      exitCode: ExitCode.INTERNAL,
      hint: 'check free space and permissions of the state directory (.runbook or $RUNBOOK_STATE_DIR)',
      cause,
    });
    this.path = path;
  }
}

export interface AppendOpened {
  writer: JournalWriter;
  /** A torn last line that was dropped (truncated away) before appending. */
  dropped?: TornTail;
}

export class JournalWriter implements EventSink {
  readonly path: string;
  private readonly file: FileHandle;
  private seq: number;
  private prev: string;
  private pending: string[] = [];
  private queued: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();
  private failure: JournalWriteError | undefined;
  private isClosed = false;
  /** fdatasync calls made so far (benchmarks, tests). */
  syncCount = 0;

  private constructor(path: string, file: FileHandle, seq: number, prev: string) {
    this.path = path;
    this.file = file;
    this.seq = seq;
    this.prev = prev;
  }

  /** Start a new journal; fails if the file exists. The directory entry is made durable too. */
  static async create(path: string): Promise<JournalWriter> {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'wx');
    await syncDirectory(dirname(path));
    return new JournalWriter(path, file, 1, GENESIS);
  }

  /** Continue an existing journal (resume): drop a torn last line, then append after the last good line. */
  static async openForAppend(path: string): Promise<AppendOpened> {
    const contents = readJournal(path);
    const file = await open(path, 'a');
    if (contents.torn) {
      await file.truncate(contents.next.validBytes);
      await file.datasync();
    }
    const writer = new JournalWriter(path, file, contents.next.seq, contents.next.prev);
    return contents.torn ? { writer, dropped: contents.torn } : { writer };
  }

  emit(event: RunEvent): void {
    if (event.type === 'task.output') return;
    if (this.isClosed) throw new Error(`journal ${this.path} is closed; cannot record ${event.type}`);
    const line = encodeLine(this.seq, this.prev, JSON.stringify(redactEvent(event)));
    this.seq += 1;
    this.prev = sha256Hex(line);
    this.pending.push(line + '\n');
  }

  /** Resolves when every event emitted before the call is on disk. Concurrent calls share one write + sync. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = undefined;
      return this.writePending();
    });
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    try {
      await this.flush();
    } finally {
      this.isClosed = true;
      await this.file.close();
    }
  }

  private async writePending(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    try {
      await this.file.appendFile(chunk, 'utf8');
      await this.file.datasync();
      this.syncCount += 1;
    } catch (error) {
      this.failure = new JournalWriteError(this.path, error);
      throw this.failure;
    }
  }
}

/** fsync a directory so a newly created entry survives a power cut (a no-op where directories cannot be opened). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the file's own sync still holds its data.
  } finally {
    await handle?.close();
  }
}
