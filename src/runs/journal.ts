/**
 * The journal writer: an EventSink that appends one hash-chained line per event (format in line.ts and
 * docs/audit.md) to `.runbook/runs/<run-id>/journal.jsonl`.
 *
 * emit() redacts, serializes and chains the event at once (so the order is the emit order) and buffers the line.
 * flush() is a durability point when the buffer holds a line that resume or the audit needs (a task finished, the
 * run started, resumed or finished): then everything buffered goes out with one write and one fdatasync, so tasks
 * that finish together share one sync (group commit). Step and progress lines alone stay buffered and go out with
 * the next durability point (or close): a resume that skips thousands of finished steps pays no I/O for them.
 * A crash can therefore only cut the last write short, which readers see as a torn last line.
 * `task.output` events are not journaled: their excerpt is part of `task.finished`.
 */
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventSink, RunEvent } from '../engine/events';
import { ExitCode, messageOf, RunbookError } from '../shared/errors';
import { encodeLine, GENESIS } from './line';
import { readJournal } from './read';
import type { JournalContents } from './read';
import type { TornTail } from './torn';
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

/** Events whose line must be on disk when flush resolves; the others are written, and synced with the next. */
const DURABLE_TYPES: ReadonlySet<RunEvent['type']> = new Set([
  'task.finished',
  'run.started',
  'run.resumed',
  'run.finished',
]);

/** Where the chain ends: the last line's number, digest and event type. */
export interface ChainPoint {
  seq: number;
  digest: string;
  eventType: string;
}

/** Lines that just became durable (written and synced), in order, without their newlines. */
export interface DurableBatch {
  lines: string[];
  firstSeq: number;
  last: ChainPoint;
}

/**
 * Told about each batch of lines once it is on disk, in order, before flush resolves: the PostgreSQL replica,
 * the head signer. An observer that throws fails the flush like a failed write (the run stops).
 */
export interface JournalObserver {
  durable(batch: DurableBatch): Promise<void>;
  /** The journal is closing; `last` is where its chain ends (everything is durable). */
  closing?(last: ChainPoint): Promise<void>;
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
  private hasDurablePending = false;
  private lastType = '';
  private readonly observers: JournalObserver[] = [];
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

  /**
   * Continue an existing journal (resume): drop a torn last line, then append after the last good line.
   * `contents` is the journal as just read (saves reading it again); it is read here when not given.
   */
  static async openForAppend(path: string, contents: JournalContents = readJournal(path)): Promise<AppendOpened> {
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
    this.prev = line.digest;
    this.lastType = event.type;
    this.pending.push(line.text);
    if (DURABLE_TYPES.has(event.type)) this.hasDurablePending = true;
  }

  /**
   * Resolves when every durability-point event (DURABLE_TYPES) emitted before the call, and every line before it,
   * is on disk. Concurrent calls share one write + sync.
   */
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

  /** Where the chain ends now (lines emitted, durable or not). */
  get end(): ChainPoint {
    return { seq: this.seq - 1, digest: this.prev, eventType: this.lastType };
  }

  addObserver(observer: JournalObserver): void {
    this.observers.push(observer);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    try {
      this.hasDurablePending = this.pending.length > 0;
      await this.flush();
      for (const observer of this.observers) await observer.closing?.(this.end);
    } finally {
      this.isClosed = true;
      await this.file.close();
    }
  }

  private async writePending(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.hasDurablePending) return;
    const lines = this.pending;
    const batch: DurableBatch = { lines, firstSeq: this.seq - lines.length, last: this.end };
    this.pending = [];
    this.hasDurablePending = false;
    try {
      await this.file.appendFile(lines.join('\n') + '\n', 'utf8');
      await this.file.datasync();
      this.syncCount += 1;
      for (const observer of this.observers) await observer.durable(batch);
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
