import type { ScheduledTask } from '../../../../src/lab/world/clock';
import { ClockMode, VirtualClock } from '../../../../src/lab/world/clock';

function recordingClock(options: ConstructorParameters<typeof VirtualClock>[0] = {}) {
  const clock = new VirtualClock({ now: 1_000, speed: 0, ...options });
  const fired: { kind: string; at: number }[] = [];
  clock.onTask((task: ScheduledTask) => fired.push({ kind: task.kind, at: clock.now() }));
  return { clock, fired };
}

describe('the virtual clock', () => {
  it('stands still in manual mode until advanced', () => {
    const { clock } = recordingClock();
    expect(clock.mode).toBe(ClockMode.MANUAL);
    expect(clock.now()).toBe(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
  });

  it('fires due tasks in time order, at their own time, including tasks they schedule', () => {
    const { clock, fired } = recordingClock();
    clock.onTask((task) => {
      fired.push({ kind: task.kind, at: clock.now() });
      if (task.kind === 'b') clock.schedule(10, { kind: 'c', payload: {} });
    });
    clock.schedule(200, { kind: 'b', payload: {} });
    clock.schedule(100, { kind: 'a', payload: {} });
    clock.schedule(5_000, { kind: 'late', payload: {} });
    clock.advance(1_000);
    expect(fired).toEqual([
      { kind: 'a', at: 1_100 },
      { kind: 'b', at: 1_200 },
      { kind: 'c', at: 1_210 },
    ]);
    expect(clock.now()).toBe(2_000);
    expect(clock.pending().map((t) => t.kind)).toEqual(['late']);
  });

  it('cancels tasks by predicate and round-trips its queue through a snapshot', () => {
    const { clock } = recordingClock();
    clock.schedule(100, { kind: 'keep', payload: { id: 'x' } });
    clock.schedule(100, { kind: 'drop', payload: { id: 'y' } });
    clock.cancel((t) => t.kind === 'drop');
    const copy = recordingClock({ now: 0 });
    copy.clock.restore(clock.snapshot());
    expect(copy.clock.now()).toBe(1_000);
    copy.clock.advance(100);
    expect(copy.fired).toEqual([{ kind: 'keep', at: 1_100 }]);
  });

  it('jumps straight to foreground tasks in auto mode, never pulled forward by background ones', async () => {
    const { clock, fired } = recordingClock();
    clock.schedule(3_600_000, { kind: 'background', payload: {}, isBackground: true });
    clock.schedule(60_000, { kind: 'foreground', payload: {} });
    clock.setMode(ClockMode.AUTO);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toEqual([{ kind: 'foreground', at: 61_000 }]);
    expect(clock.now()).toBe(61_000);
    clock.stop();
  });

  it('runs faster than the wall clock at a speed above 1', async () => {
    const { clock, fired } = recordingClock({ speed: 1_000 });
    expect(clock.mode).toBe(ClockMode.REALTIME);
    clock.schedule(5_000, { kind: 'soon', payload: {} });
    await new Promise<void>((resolve) => {
      const poll = () => (fired.length > 0 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    expect(fired[0]?.kind).toBe('soon');
    expect(clock.now()).toBeGreaterThanOrEqual(6_000);
    clock.stop();
  });

  it('never goes back when a real-time task fires late: its turn carries on from the time already read', async () => {
    const { clock, fired } = recordingClock({ speed: 1_000 });
    clock.schedule(5_000, { kind: 'due', payload: {} });
    const dueAt = clock.pending()[0]!.at;
    // Hold the event loop well past the task's due time (5 real ms), so its timer fires late whatever the load.
    const busyUntil = Date.now() + 30;
    while (Date.now() < busyUntil);
    const readBefore = clock.now();
    expect(readBefore).toBeGreaterThan(dueAt + 20_000);
    await new Promise<void>((resolve) => {
      const poll = () => (fired.length > 0 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    expect(fired).toEqual([{ kind: 'due', at: dueAt }]);
    expect(clock.now()).toBeGreaterThanOrEqual(readBefore);
    clock.stop();
  });
  it('keeps running while a real-time turn fires its tasks: the time they take is not lost', async () => {
    const { clock, fired } = recordingClock({ speed: 1_000 });
    const realStart = Date.now();
    const virtualStart = clock.now();
    clock.onTask((task) => {
      fired.push({ kind: task.kind, at: clock.now() });
      // A task that takes 30 real ms (a loaded machine preempting the lab mid-turn): 30 s of a clock at 1000 x.
      const busyUntil = Date.now() + 30;
      while (Date.now() < busyUntil);
    });
    clock.schedule(5_000, { kind: 'slow', payload: {} });
    await new Promise<void>((resolve) => {
      const poll = () => (fired.length > 0 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    // The clock is its start plus speed times the real time since, to the millisecond it reads Date.now() in.
    const behind = virtualStart + (Date.now() - realStart) * 1_000 - clock.now();
    expect(behind).toBeLessThanOrEqual(1_000);
    clock.stop();
  });
});
