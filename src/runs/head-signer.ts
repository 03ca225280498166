/**
 * Signs the journal's head as the run goes (a JournalObserver): once the first lines are durable (who started or
 * resumed the run), then at most every checkpoint interval while it runs, and when the journal closes (its end).
 * Each head is signed after its lines are synced, so a signed head never covers a line a crash could tear. The
 * signed heads go to every store (the run's directory; the PostgreSQL backend when there is one).
 */
import type { ChainPoint, DurableBatch, JournalObserver } from './journal';
import { formatHead } from './heads';
import type { JournalHead } from './heads';
import { signMessage } from './ssh-signer';
import type { SshSigner } from './ssh-signer';

/** Where signed heads are kept. */
export interface HeadStore {
  saveHead(signed: { runId: string; lines: number; message: string; signature: string }): Promise<void>;
}

/** A checkpoint at most this often while a run goes on (and always at its start and its end). */
export const DEFAULT_CHECKPOINT_MS = 60_000;

export interface HeadSignerOptions {
  runId: string;
  signer: SshSigner;
  stores: readonly HeadStore[];
  checkpointMs?: number;
  now?: () => Date;
}

export class HeadSigner implements JournalObserver {
  private signedLines = 0;
  private lastSignedAt = Number.NEGATIVE_INFINITY;
  /** Heads signed so far (tests, the summary). */
  count = 0;

  constructor(private readonly options: HeadSignerOptions) {}

  async durable(batch: DurableBatch): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastSignedAt < (this.options.checkpointMs ?? DEFAULT_CHECKPOINT_MS)) return;
    await this.sign(batch.last);
  }

  async closing(last: ChainPoint): Promise<void> {
    if (last.seq > this.signedLines) await this.sign(last);
  }

  private async sign(point: ChainPoint): Promise<void> {
    if (point.seq <= 0) return;
    const signedAt = this.now();
    const head: JournalHead = {
      runId: this.options.runId,
      lines: point.seq,
      digest: point.digest,
      lastEvent: point.eventType || 'unknown',
      signedAt: signedAt.toISOString(),
    };
    const message = formatHead(head);
    const signature = await signMessage(this.options.signer, Buffer.from(message));
    for (const store of this.options.stores) {
      await store.saveHead({ runId: head.runId, lines: head.lines, message, signature });
    }
    this.signedLines = point.seq;
    this.lastSignedAt = signedAt.getTime();
    this.count += 1;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
