/**
 * A wait that speaks. Every 30 s of the engine's clock a line says how long it has waited of its timeout and what
 * is still missing and why (plain mode prints it; the journal keeps it in the task's excerpt); after every poll the
 * live view shows the elapsed time. When the engine stops answering (a self-hosted engine is down while its VM
 * restarts) the wait says so at once, keeps waiting until its timeout, says when the engine answers again, and
 * keeps each silence as a gap (engine clock) for the wait's result.
 */
import type { PollState, WaitClock } from '../../olvm/types';
import { formatDuration } from '../../shared/duration';
import { messageOf } from '../../shared/errors';
import type { ModuleContext } from '../types';

/** How often a wait prints a line, on the engine's clock. */
export const SPEAK_EVERY_MS = 30_000;
/** Live-view updates at most this often (wall clock), however fast the engine's clock runs. */
const PROGRESS_EVERY_REAL_MS = 250;

/** A time the engine did not answer, on its clock: from the last answer before to the first answer after. */
export interface EngineGap {
  from: number;
  /** Undefined while the engine is still silent (the wait ended first). */
  to?: number;
  ms?: number;
  /** The first error seen: `connection refused`, `HTTP 503`. */
  error: string;
  /** The engine restarted in it: what it showed right after (its database's view) proves nothing of the silence. */
  is_restart?: true;
}

export class WaitVoice {
  readonly gaps: EngineGap[] = [];
  private spokenAt = 0;
  private progressAt = 0;
  private lastAnswerAt: number;

  constructor(
    private readonly ctx: Pick<ModuleContext, 'output' | 'progress'>,
    private readonly clock: WaitClock,
    /** What is awaited and what is still missing and why: `3 of 5 VMs on secondary; still waiting for …`. */
    private readonly describe: () => string,
    /**
     * When the engine last answered (its clock), if before the wait: a silence that began earlier (the engine died
     * before the wait began, as a self-hosted one does with its site) is counted from there, not from the wait.
     */
    lastAnsweredAt?: number
  ) {
    this.lastAnswerAt = lastAnsweredAt ?? clock.now();
  }

  /** Whether the next line is due (the caller may read more of the engine to explain what is missing). */
  isLineDue(elapsedMs: number): boolean {
    return elapsedMs - this.spokenAt >= SPEAK_EVERY_MS;
  }

  /** The `onPoll` of waitFor. */
  readonly onPoll = (poll: PollState): void => {
    const open = this.gaps[this.gaps.length - 1];
    const isSilent = open !== undefined && open.to === undefined;
    if (poll.error !== undefined && !isSilent) this.startGap(poll);
    else if (poll.error === undefined) {
      if (isSilent) this.endGap(open, poll.now);
      this.lastAnswerAt = poll.now;
    }
    if (poll.isMet === true) return;
    const line = this.lineOf(poll);
    if (this.isLineDue(poll.elapsedMs)) {
      this.spokenAt = poll.elapsedMs - (poll.elapsedMs % SPEAK_EVERY_MS);
      this.ctx.output(line);
    }
    const real = Date.now();
    if (real - this.progressAt >= PROGRESS_EVERY_REAL_MS) {
      this.progressAt = real;
      this.ctx.progress(line);
    }
  };

  /**
   * A silence no poll saw, proved otherwise (the engine's own VM started after the engine's last answer: the engine
   * died and came back between two reads). Kept unless a gap the polls saw already starts there.
   */
  addSilence(from: number, to: number, error: string): void {
    const seen = this.gaps.find((gap) => gap.from === from);
    if (seen !== undefined) {
      seen.is_restart = true;
      return;
    }
    this.gaps.push({ from, to, ms: to - from, error, is_restart: true });
    this.gaps.sort((a, b) => a.from - b.from);
    this.ctx.output(`the engine did not answer for ${formatDuration(to - from)} before this wait: ${error}`);
  }

  /** The gaps with the open one closed at `now` (the wait ended while the engine was silent). */
  gapsUntil(now: number): EngineGap[] {
    return this.gaps.map((gap) => (gap.to === undefined ? { ...gap, ms: now - gap.from } : gap));
  }

  private startGap(poll: PollState): void {
    const error = describeSilence(poll.error);
    this.gaps.push({ from: this.lastAnswerAt, error });
    this.ctx.output(
      `the engine does not answer (${error}); still waiting, ${formatDuration(poll.elapsedMs)} of ` +
        `${formatDuration(poll.timeoutMs)} (a self-hosted engine is down while its VM restarts elsewhere)`
    );
  }

  private endGap(gap: EngineGap, now: number): void {
    gap.to = now;
    gap.ms = now - gap.from;
    this.ctx.output(`the engine answers again after ${formatDuration(gap.ms)} without an answer`);
  }

  private lineOf(poll: PollState): string {
    const head = `${formatDuration(poll.elapsedMs)} of ${formatDuration(poll.timeoutMs)}`;
    const open = this.gaps[this.gaps.length - 1];
    const silence =
      open !== undefined && open.to === undefined
        ? `; the engine has not answered for ${formatDuration(poll.now - open.from)} (${open.error})`
        : '';
    return `${head}: ${this.describe()}${silence}`;
  }
}

/** A short reason the engine was silent. */
function describeSilence(error: unknown): string {
  if (hasCode(error, 'ECONNREFUSED')) return 'connection refused';
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') return `HTTP ${status}`;
  const failure = (error as { failure?: unknown } | undefined)?.failure;
  return typeof failure === 'string' ? failure : messageOf(error).slice(0, 80);
}

/** Whether the error or one of its causes carries this system error code. */
function hasCode(error: unknown, code: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
