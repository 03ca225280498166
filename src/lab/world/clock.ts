/**
 * The lab's virtual clock. World behaviour is a queue of typed tasks due at virtual times; the clock fires them
 * in order. Three ways for time to move:
 * - `realtime`: virtual time runs `speed` times faster than the wall clock (speed 1 for demos, 60+ for drills);
 * - `manual`: time moves only when a test calls `advance(ms)`;
 * - `auto`: whenever a foreground task is pending, jump straight to it on the next turn of the event loop.
 * Tasks are plain data (a kind and a payload), so the queue persists with the world.
 */

export const ClockMode = { REALTIME: 'realtime', MANUAL: 'manual', AUTO: 'auto' } as const;
export type ClockMode = (typeof ClockMode)[keyof typeof ClockMode];

export interface TaskSpec {
  kind: string;
  /** Ids and small values only: tasks are saved with the world. */
  payload: Record<string, string | number | boolean>;
  /** Background tasks (long retries) are fired when time reaches them but never pull `auto` time forward. */
  isBackground?: boolean;
}

export interface ScheduledTask extends TaskSpec {
  id: number;
  at: number;
}

export interface ClockSnapshot {
  now: number;
  nextId: number;
  tasks: ScheduledTask[];
}

export type TaskRunner = (task: ScheduledTask) => void;

const MAX_REAL_DELAY_MS = 2 ** 31 - 1;

export class VirtualClock {
  private virtualBase: number;
  private realBase = Date.now();
  private floor: number;
  private speedFactor: number;
  private clockMode: ClockMode;
  private tasks: ScheduledTask[] = [];
  private nextId = 1;
  private runner: TaskRunner = () => undefined;
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private isFiring = false;
  private isStopped = false;
  private fired = 0;

  constructor(options: { now?: number; speed?: number; mode?: ClockMode } = {}) {
    this.virtualBase = options.now ?? Date.now();
    this.floor = this.virtualBase;
    this.speedFactor = options.speed ?? 1;
    this.clockMode = options.mode ?? (this.speedFactor > 0 ? ClockMode.REALTIME : ClockMode.MANUAL);
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    if (this.clockMode !== ClockMode.REALTIME) return this.floor;
    return Math.max(this.floor, this.projected(this.virtualBase, this.realBase));
  }

  /** The virtual time now, run on at the speed from a base (virtual and real epoch ms). */
  private projected(virtualBase: number, realBase: number): number {
    return Math.floor(virtualBase + (Date.now() - realBase) * this.speedFactor);
  }

  get speed(): number {
    return this.speedFactor;
  }

  set speed(value: number) {
    this.rebase();
    this.speedFactor = value;
    if (value <= 0 && this.clockMode === ClockMode.REALTIME) this.clockMode = ClockMode.MANUAL;
    this.rearm();
  }

  /** How many tasks fired so far in this process: the world changed when it moves (persistence). */
  get revision(): number {
    return this.fired;
  }

  get mode(): ClockMode {
    return this.clockMode;
  }

  setMode(mode: ClockMode): void {
    this.rebase();
    this.clockMode = mode;
    this.rearm();
  }

  onTask(runner: TaskRunner): void {
    this.runner = runner;
  }

  schedule(delayMs: number, spec: TaskSpec): number {
    const task: ScheduledTask = { ...spec, id: this.nextId++, at: this.now() + Math.max(0, delayMs) };
    this.insert(task);
    this.rearm();
    return task.id;
  }

  cancel(predicate: (task: ScheduledTask) => boolean): void {
    this.tasks = this.tasks.filter((task) => !predicate(task));
  }

  pending(): readonly ScheduledTask[] {
    return this.tasks;
  }

  /** Move virtual time forward by `ms`, firing every task that falls due, in order. */
  advance(ms: number): void {
    const target = this.now() + Math.max(0, ms);
    this.fireUntil(target);
    this.setNow(target);
    this.rearm();
  }

  /** Stop the real-time timer (the world keeps its queue; `snapshot()` still works). */
  stop(): void {
    this.isStopped = true;
    this.clearHandle();
  }

  snapshot(): ClockSnapshot {
    return {
      now: this.now(),
      nextId: this.nextId,
      tasks: this.tasks.map((t) => ({ ...t, payload: { ...t.payload } })),
    };
  }

  restore(snapshot: ClockSnapshot): void {
    this.setNow(snapshot.now);
    this.nextId = snapshot.nextId;
    this.tasks = [];
    for (const task of snapshot.tasks) this.insert(task);
    this.rearm();
  }

  private fireUntil(target: number): void {
    if (this.isFiring) return;
    this.isFiring = true;
    try {
      let next = this.tasks[0];
      while (next !== undefined && next.at <= target) {
        this.tasks.shift();
        this.setNow(Math.max(this.floor, next.at));
        this.fired += 1;
        this.runner(next);
        next = this.tasks[0];
      }
    } finally {
      this.isFiring = false;
    }
  }

  private setNow(value: number): void {
    this.floor = Math.max(this.floor, value);
    this.virtualBase = this.floor;
    this.realBase = Date.now();
  }

  private rebase(): void {
    this.setNow(this.now());
  }

  private insert(task: ScheduledTask): void {
    let low = 0;
    let high = this.tasks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const probe = this.tasks[mid] as ScheduledTask;
      if (probe.at <= task.at) low = mid + 1;
      else high = mid;
    }
    this.tasks.splice(low, 0, task);
  }

  private clearHandle(): void {
    if (this.timeout !== undefined) clearTimeout(this.timeout);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
  }

  private rearm(): void {
    this.clearHandle();
    if (this.isStopped || this.isFiring) return;
    if (this.clockMode === ClockMode.REALTIME) this.armRealtime();
    else if (this.clockMode === ClockMode.AUTO) this.armAuto();
  }

  private armRealtime(): void {
    const next = this.tasks[0];
    if (next === undefined || this.speedFactor <= 0) return;
    const delay = Math.min(MAX_REAL_DELAY_MS, Math.max(0, (next.at - this.now()) / this.speedFactor));
    this.timeout = setTimeout(() => this.tick(), Math.ceil(delay));
    this.timeout.unref();
  }

  private armAuto(): void {
    const next = this.tasks.find((task) => task.isBackground !== true);
    if (next === undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.fireUntil(next.at);
      this.setNow(next.at);
      this.rearm();
    });
    this.immediate.unref();
  }

  /**
   * A real-time turn: fire what fell due, then carry on as if the turn took no time. Each task sees its own time
   * while it runs; a timer that fired late (a loaded machine) must not leave the clock there, behind times already
   * read (the API's Date header, a wait's poll), or the lab's clock would go back by speed times the lateness; nor
   * may the clock stand still while the tasks run (a turn preempted for 20 ms would lose 3.6 s at speed 180).
   */
  private tick(): void {
    this.timeout = undefined;
    const base = { virtual: this.virtualBase, real: this.realBase };
    const target = this.now();
    this.fireUntil(target);
    this.setNow(Math.max(target, this.projected(base.virtual, base.real)));
    this.rearm();
  }
}
