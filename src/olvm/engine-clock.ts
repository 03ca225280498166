/**
 * The engine's clock, as seen from here. Every reply of the engine carries its time in the HTTP `Date` header
 * (whole seconds, RFC 7231); the engine's events carry the same clock. Waits count their timeouts and pace their
 * polls on it, so that a lab whose virtual clock runs 60 times faster than the wall clock fails a 15-minute wait
 * after 15 lab minutes (15 real seconds) and is polled every 3 lab seconds, while a production engine (whose clock
 * runs at the wall clock's rate) is never polled faster than the module's interval.
 *
 * From the readings (engine date, local send and receive time) it keeps the engine's time now and the rate of the
 * engine's clock against the local one, with a lower bound on that rate that holds whatever the 1 s resolution of
 * the header and the network latency hid: the bound is what poll pacing uses.
 */

/** A moment on a clock, to measure from (`elapsedSince`). */
export interface WaitMark {
  /** Local (monotonic) epoch ms of the mark. */
  readonly localAt: number;
}

/** What a wait needs of a clock: the time now, how long since a mark, how long to sleep for a span of it. */
export interface WaitClock {
  /** Epoch ms on this clock (a best estimate, for the figures). */
  now(): number;
  mark(): WaitMark;
  /** How long since the mark on this clock, at least: a timeout counted on it never ends early. */
  elapsedSince(mark: WaitMark): number;
  /** Real (local) ms that cover at least `clockMs` of this clock, and never more than `clockMs`. */
  realDelayFor(clockMs: number): number;
}

/** Local epoch ms that never jump with the wall clock (NTP steps): readings are timed with it. */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The local clock: the default of a wait that has no engine clock. */
export const LOCAL_CLOCK: WaitClock = {
  now: monotonicNow,
  mark: () => ({ localAt: monotonicNow() }),
  elapsedSince: (mark) => monotonicNow() - mark.localAt,
  realDelayFor: (ms) => ms,
};

interface Reading {
  /** Numbered in arrival order. */
  seq: number;
  /** The header's time, epoch ms, truncated to the second. */
  engineAt: number;
  /** Local epoch ms when the request left and when the reply came. */
  sentAt: number;
  receivedAt: number;
}

/** The header's resolution: the engine's time at the reply lies in [date, date + 1 s). */
const RESOLUTION_MS = 1000;
/** Readings older than this (local time) no longer count for the rate, unless fewer than two would remain. */
const RATE_WINDOW_MS = 10 * 60_000;
const MAX_READINGS = 256;
/** Never sleep less than this between polls, however fast the engine's clock runs (a lab jumping ahead). */
export const MIN_REAL_DELAY_MS = 10;

/** A mark on the engine clock: the first reading after it, once there is one, anchors the elapsed time. */
interface EngineMark extends WaitMark {
  seq: number;
  first?: Reading;
}

export class EngineClock implements WaitClock {
  private readings: Reading[] = [];
  private nextSeq = 0;
  private lastNow = Number.NEGATIVE_INFINITY;

  constructor(private readonly localNow: () => number = monotonicNow) {}

  /** Record the `Date` header of one reply; an absent or unreadable header is ignored. */
  observe(dateHeader: string | undefined, sentAt: number, receivedAt: number): void {
    if (dateHeader === undefined) return;
    const engineAt = Date.parse(dateHeader);
    if (!Number.isFinite(engineAt)) return;
    const latest = this.readings[this.readings.length - 1];
    // A clock that went back (an engine restarted with another clock, a lab state restored): start over.
    if (latest !== undefined && engineAt < latest.engineAt - RESOLUTION_MS) this.readings = [];
    this.readings.push({ seq: this.nextSeq++, engineAt, sentAt, receivedAt });
    this.forgetOld(receivedAt);
  }

  /** True once the engine answered with a readable `Date`. */
  get hasReading(): boolean {
    return this.readings.length > 0;
  }

  /**
   * The engine's time at its last reply (the header's whole second, so never later than the truth), or undefined
   * before the first: when the engine was last heard, the start of any silence that follows.
   */
  get lastAnsweredAt(): number | undefined {
    return this.readings[this.readings.length - 1]?.engineAt;
  }

  /** Local epoch ms of the last reply, or undefined before the first. */
  get lastReplyAt(): number | undefined {
    return this.readings[this.readings.length - 1]?.receivedAt;
  }

  /** Engine ms per local ms (the best estimate), or undefined until two readings span a measurable interval. */
  get rate(): number | undefined {
    return this.bounds()?.mid;
  }

  /** A rate the engine's clock certainly reaches (or undefined): poll pacing divides by it. */
  get minimumRate(): number | undefined {
    const low = this.bounds()?.low;
    return low !== undefined && low > 0 ? low : undefined;
  }

  /** The engine's time now, epoch ms: the last reading carried forward at the estimated rate; never goes back. */
  now(): number {
    const local = this.localNow();
    const latest = this.readings[this.readings.length - 1];
    if (latest === undefined) return this.monotonic(local);
    const rate = this.rate ?? 1;
    const mid = (latest.sentAt + latest.receivedAt) / 2;
    const estimate = latest.engineAt + RESOLUTION_MS / 2 + rate * (local - mid);
    return this.monotonic(Math.max(latest.engineAt, Math.round(estimate)));
  }

  mark(): WaitMark {
    const mark: EngineMark = { seq: this.nextSeq, localAt: this.localNow() };
    return mark;
  }

  /**
   * A lower bound of the engine time since the mark: from the first reply after it to the latest (their whole
   * seconds less one), then carried forward at the rate the engine's clock certainly reaches. Before any reply after
   * the mark, the rate bound from the mark on. Later than the truth by up to a second and a request: never earlier.
   */
  elapsedSince(mark: WaitMark): number {
    const engineMark = mark as EngineMark;
    engineMark.first ??= this.readings.find((r) => r.seq >= engineMark.seq);
    const latest = this.readings[this.readings.length - 1];
    const rate = this.minimumRate ?? 0;
    const local = this.localNow();
    if (engineMark.first === undefined || latest === undefined) return rate * (local - mark.localAt);
    const between = Math.max(0, latest.engineAt - engineMark.first.engineAt - RESOLUTION_MS);
    return between + rate * Math.max(0, local - latest.receivedAt);
  }

  realDelayFor(clockMs: number): number {
    if (clockMs <= 0) return 0;
    const rate = Math.max(1, this.minimumRate ?? 1);
    return Math.max(Math.min(MIN_REAL_DELAY_MS, clockMs), Math.ceil(clockMs / rate));
  }

  private monotonic(value: number): number {
    this.lastNow = Math.max(this.lastNow, value);
    return this.lastNow;
  }

  private forgetOld(localNow: number): void {
    while (this.readings.length > 2) {
      const oldest = this.readings[0] as Reading;
      if (this.readings.length <= MAX_READINGS && localNow - oldest.receivedAt <= RATE_WINDOW_MS) break;
      this.readings.shift();
    }
  }

  /**
   * The rate between the oldest and the newest reading: `low` and `high` hold whatever the header's truncation and
   * the requests' latency hid (the engine stamped each reply between its send and receive time).
   */
  private bounds(): { low: number; mid: number; high: number } | undefined {
    const first = this.readings[0];
    const last = this.readings[this.readings.length - 1];
    if (first === undefined || last === undefined || first === last) return undefined;
    const engineSpan = last.engineAt - first.engineAt;
    const longest = last.receivedAt - first.sentAt;
    const middle = (last.sentAt + last.receivedAt) / 2 - (first.sentAt + first.receivedAt) / 2;
    if (longest <= 0 || middle <= 0) return undefined;
    const shortest = last.sentAt - first.receivedAt;
    const high = shortest > 0 ? (engineSpan + RESOLUTION_MS) / shortest : Number.POSITIVE_INFINITY;
    const low = (engineSpan - RESOLUTION_MS) / longest;
    // Until the engine's clock has moved by more than its resolution, the midpoint says nothing.
    if (engineSpan <= RESOLUTION_MS && low <= 0) return { low, mid: 1, high };
    return { low, mid: engineSpan / middle, high };
  }
}
