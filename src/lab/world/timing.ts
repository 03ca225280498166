/**
 * Lab timings that are not knobs yet (they become knobs with their engine behaviour, issue #12 items 1 and 3):
 * virtual milliseconds. Every other timing and limit is a knob (`world.knobs`, src/inventory/lab-knobs.ts).
 */
export const Timing = {
  /** One live migration. */
  MIGRATION_MS: 10_000,
  /** The hosted-engine HA agents restart the engine VM elsewhere after its host is lost. */
  HE_RESTART_MS: 90_000,
} as const;
