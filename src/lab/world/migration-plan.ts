/**
 * How long one live migration takes, and whether it converges: pre-copy passes under the cluster policy's
 * convergence schedule (engine-behaviour.md row 17).
 *
 * - Every pass sends what the guest dirtied during the previous one (the first sends its memory) at the
 *   migration's bandwidth: `migration_bandwidth`, at most `migration_tcp_window` per round trip between the hosts.
 *   qemu stops the guest and sends the rest once it fits in the allowed downtime.
 * - The default policy, Minimal downtime (CONFIG l.837-838 @ ENGINE), starts at 100 ms of downtime and raises it
 *   after 1, 2, 3, 4 and 6 stalling iterations (150, 200, 300, 400, 500 ms); its last step aborts. The engine sends
 *   the steps to vdsm (BLL migration/ConvergenceSchedule.java: last items with limit -1), whose monitor applies at most
 *   one step per `migration_monitor_interval`, when a new memory iteration began and the iterations since the first
 *   tick exceed the step's limit (VDSM lib/vdsm/virt/migration.py l.932-1023 @ fd4b0df).
 * - The policy's auto-convergence (guest CPU throttling by qemu) is not modelled: the pessimistic reading.
 */

export interface MigrationInput {
  /** Bytes of guest memory. */
  memory: number;
  /** Bytes per second the guest dirties. */
  dirtyRate: number;
  /** Bytes per second one migration may use. */
  bandwidth: number;
  /** Round trip between source and destination, ms. */
  rttMs: number;
  /** Bytes one migration stream keeps in flight per round trip. */
  tcpWindow: number;
  setupMs: number;
  monitorIntervalMs: number;
}

export type MigrationPlan =
  | { isConverging: true; durationMs: number; downtimeMs: number }
  | { isConverging: false; durationMs: number };

interface ConvergenceStep {
  /** Iterations since the monitor's first tick that must be exceeded; -1: any. */
  limit: number;
  /** The downtime it sets, ms; undefined: abort. */
  downtimeMs?: number;
}

const INITIAL_DOWNTIME_MS = 100;
const MINIMAL_DOWNTIME_STEPS: readonly ConvergenceStep[] = [
  { limit: 1, downtimeMs: 150 },
  { limit: 2, downtimeMs: 200 },
  { limit: 3, downtimeMs: 300 },
  { limit: 4, downtimeMs: 400 },
  { limit: 6, downtimeMs: 500 },
  { limit: -1 },
];
/** A bound on the passes simulated (a migration converges or aborts long before). */
const MAX_PASSES = 100_000;

/** Bytes per millisecond a migration moves between two hosts. */
export function migrationRate(input: Pick<MigrationInput, 'bandwidth' | 'rttMs' | 'tcpWindow'>): number {
  const windowLimit = input.rttMs > 0 ? input.tcpWindow / input.rttMs : Number.POSITIVE_INFINITY;
  return Math.min(input.bandwidth / 1000, windowLimit);
}

/** vdsm's migration monitor: applies the schedule's steps at its ticks. */
class ConvergenceMonitor {
  downtimeMs = INITIAL_DOWNTIME_MS;
  isAborted = false;
  nextTick: number;
  private steps = [...MINIMAL_DOWNTIME_STEPS];
  private initial: number | undefined;
  private last = 0;

  constructor(private readonly intervalMs: number) {
    this.nextTick = intervalMs;
  }

  /** Runs the ticks up to `until` (ms from the start) while pass `iteration` is under way. */
  tickUntil(until: number, iteration: number): void {
    while (!this.isAborted && this.nextTick <= until) {
      this.tick(iteration);
      if (!this.isAborted) this.nextTick += this.intervalMs;
    }
  }

  private tick(iteration: number): void {
    if (this.initial === undefined) {
      this.initial = iteration;
      this.last = iteration;
      return;
    }
    if (iteration <= this.last) return;
    this.last = iteration;
    const head = this.steps[0];
    if (head === undefined || !(head.limit === -1 || head.limit < iteration - this.initial)) return;
    this.steps.shift();
    if (head.downtimeMs === undefined) this.isAborted = true;
    else this.downtimeMs = head.downtimeMs;
  }
}

export function planMigration(input: MigrationInput): MigrationPlan {
  const rate = migrationRate(input);
  const monitor = new ConvergenceMonitor(input.monitorIntervalMs);
  let time = input.setupMs;
  let toSend = input.memory;
  for (let iteration = 1; iteration <= MAX_PASSES; iteration++) {
    const passEnd = time + toSend / rate;
    monitor.tickUntil(passEnd, iteration);
    if (monitor.isAborted) return { isConverging: false, durationMs: Math.ceil(monitor.nextTick) };
    const dirtied = Math.min(input.memory, (input.dirtyRate / 1000) * (passEnd - time));
    time = passEnd;
    if (dirtied <= rate * monitor.downtimeMs) {
      const downtimeMs = dirtied / rate;
      return { isConverging: true, durationMs: Math.ceil(time + downtimeMs), downtimeMs: Math.ceil(downtimeMs) };
    }
    toSend = dirtied;
  }
  return { isConverging: false, durationMs: Math.ceil(time) };
}
