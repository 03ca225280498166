import { EngineClock, MIN_REAL_DELAY_MS } from '../../../src/olvm/engine-clock';
import { waitFor, OlvmWaitTimeoutError } from '../../../src/olvm/wait';
import type { PollState, WaitClock } from '../../../src/olvm/types';

const T0 = Date.UTC(2026, 0, 10, 3, 0, 0);

/** An engine whose clock runs `rate` times the local one, answering after `latencyMs`, stamping whole seconds. */
class SimulatedEngine {
  local = 1_000_000;
  constructor(
    readonly rate: number,
    readonly offset = T0,
    readonly latencyMs = 4
  ) {}

  engineAt(local: number): number {
    return this.offset + (local - 1_000_000) * this.rate;
  }

  /** One request: the engine stamps its reply half-way through the exchange. */
  answer(clock: EngineClock): void {
    const sentAt = this.local;
    const stamped = this.engineAt(sentAt + this.latencyMs / 2);
    this.local += this.latencyMs;
    clock.observe(new Date(Math.floor(stamped / 1000) * 1000).toUTCString(), sentAt, this.local);
  }
}

function clockOf(engine: SimulatedEngine): EngineClock {
  return new EngineClock(() => engine.local);
}

describe('EngineClock', () => {
  it('is the local clock until the engine has answered', () => {
    const engine = new SimulatedEngine(60);
    const clock = clockOf(engine);
    expect(clock.hasReading).toBe(false);
    expect(clock.now()).toBe(engine.local);
    expect(clock.realDelayFor(3000)).toBe(3000);
  });

  it("reads the engine's time from the Date header, whatever the local clock says", () => {
    const engine = new SimulatedEngine(1, T0 + 7 * 3_600_000);
    const clock = clockOf(engine);
    engine.answer(clock);
    expect(Math.abs(clock.now() - engine.engineAt(engine.local))).toBeLessThanOrEqual(1000);
  });

  it.each([
    [1, 3000],
    [7.5, 400],
    [60, 50],
    [600, MIN_REAL_DELAY_MS],
  ])('paces a 3 s poll on an engine clock running %p x the local one by %p real ms', (rate, expected) => {
    const engine = new SimulatedEngine(rate);
    const clock = clockOf(engine);
    for (let poll = 0; poll < 200; poll++) {
      engine.answer(clock);
      engine.local += clock.realDelayFor(3000);
    }
    const delay = clock.realDelayFor(3000);
    expect(delay).toBeGreaterThanOrEqual(expected);
    expect(delay).toBeLessThanOrEqual(Math.max(expected * 1.05, expected + 1));
  });

  it.each([1, 1.0001, 3, 60, 240])(
    'never sleeps less than 3 s of an engine clock running %p x the local one',
    (rate) => {
      const engine = new SimulatedEngine(rate, T0 + 999, 37);
      const clock = clockOf(engine);
      for (let poll = 0; poll < 50; poll++) {
        engine.answer(clock);
        const delay = clock.realDelayFor(3000);
        expect(delay * rate).toBeGreaterThanOrEqual(2999);
        engine.local += delay;
      }
    }
  );

  it('sleeps the real interval for an engine clock slower than the local one (a slowed lab), never longer', () => {
    const engine = new SimulatedEngine(0.5);
    const clock = clockOf(engine);
    for (let poll = 0; poll < 20; poll++) {
      engine.answer(clock);
      engine.local += clock.realDelayFor(3000);
    }
    expect(clock.realDelayFor(3000)).toBe(3000);
  });

  it('carries the engine time forward at the measured rate while the engine is silent, never backwards', () => {
    const engine = new SimulatedEngine(60);
    const clock = clockOf(engine);
    for (let i = 0; i < 10; i++) {
      engine.answer(clock);
      engine.local += 100;
    }
    expect(clock.rate).toBeGreaterThan(59);
    expect(clock.rate).toBeLessThan(61);
    const before = clock.now();
    engine.local += 5_000;
    const during = clock.now();
    expect(during - before).toBeGreaterThan(5_000 * 59);
    expect(Math.abs(during - engine.engineAt(engine.local))).toBeLessThan(5_000);
    expect(clock.now()).toBeGreaterThanOrEqual(during);
  });

  it.each([1, 7.5, 60, 600])(
    'never says more engine time passed since a mark than did, on a clock running %p x the local one',
    (rate) => {
      const engine = new SimulatedEngine(rate, T0 + 777, 23);
      const clock = clockOf(engine);
      engine.answer(clock);
      engine.local += 1_000;
      const mark = clock.mark();
      const markedAt = engine.engineAt(engine.local);
      for (let poll = 0; poll < 100; poll++) {
        engine.answer(clock);
        const elapsed = clock.elapsedSince(mark);
        expect(elapsed).toBeLessThanOrEqual(engine.engineAt(engine.local) - markedAt);
        engine.local += clock.realDelayFor(3_000);
      }
      const truth = engine.engineAt(engine.local) - markedAt;
      expect(clock.elapsedSince(mark)).toBeGreaterThan(truth - 3_000 - 1_000 - 30 * rate);
    }
  );

  it('starts over when the engine clock goes back (another engine, a restored lab)', () => {
    const engine = new SimulatedEngine(60);
    const clock = clockOf(engine);
    engine.answer(clock);
    engine.local += 1000;
    engine.answer(clock);
    expect(clock.rate).toBeGreaterThan(50);
    clock.observe(new Date(T0 - 3_600_000).toUTCString(), engine.local, engine.local + 1);
    expect(clock.rate).toBeUndefined();
    expect(clock.minimumRate).toBeUndefined();
  });

  it('ignores a missing or unreadable Date header', () => {
    const clock = new EngineClock(() => 5);
    clock.observe(undefined, 1, 2);
    clock.observe('not a date', 1, 2);
    expect(clock.hasReading).toBe(false);
  });
});

/**
 * An engine clock that moves only when the wait sleeps, by exactly the engine time the wait asked to sleep (a
 * deterministic stand-in for a lab at high speed: a real fast clock read with Date.now() can show no progress
 * across a 1 ms timer, since Node fires timers on its cached loop time).
 */
function steppedClock(): WaitClock {
  let now = T0;
  return {
    now: () => now,
    mark: () => ({ localAt: now }),
    elapsedSince: (mark) => now - mark.localAt,
    realDelayFor: (ms) => {
      now += ms;
      return 1;
    },
  };
}

describe('waitFor on an engine clock', () => {
  it('times out in engine time and polls at the engine interval', async () => {
    const polls: PollState[] = [];
    const error = await waitFor(() => Promise.resolve(undefined), {
      timeoutMs: 15 * 60_000,
      intervalMs: 3000,
      maxIntervalMs: 3000,
      clock: steppedClock(),
      onPoll: (poll) => polls.push(poll),
      description: 'the VMs',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OlvmWaitTimeoutError);
    expect((error as Error).message).toBe('gave up waiting for the VMs after 15m00s');
    // A poll at 0 s, then one every 3 s of engine time up to the 15 minutes: 301 polls, a few ms of real time.
    expect(polls).toHaveLength(301);
    expect(polls.at(-1)!.elapsedMs).toBe(15 * 60_000);
    const gaps = new Set(polls.slice(1).map((poll, i) => poll.now - polls[i]!.now));
    expect([...gaps]).toEqual([3000]);
  });

  it('also ends when the timeout has passed on the local clock (a lab clock that stands still)', async () => {
    const still: WaitClock = {
      now: () => T0,
      mark: () => ({ localAt: T0 }),
      elapsedSince: () => 0,
      realDelayFor: (ms) => ms,
    };
    const error = await waitFor(() => Promise.resolve(undefined), { timeoutMs: 30, intervalMs: 5, clock: still }).catch(
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(OlvmWaitTimeoutError);
  });
});
