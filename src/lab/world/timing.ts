/**
 * Lab timings that are not knobs yet (they become knobs with their engine behaviour, issue #12 item 3):
 * virtual milliseconds. Every other timing and limit is a knob (`world.knobs`, src/inventory/lab-knobs.ts).
 */
export const Timing = {
  /** One live migration. */
  MIGRATION_MS: 10_000,
} as const;
