/**
 * What `olvm.spm` did, said as the applied change the journal, `runbook log` and the report show: the plan says
 * what the step would do (`would force-select kvm-a1`), this says what happened, which an election in progress or
 * one that ended between plan and apply may have made needless.
 */
import type { Change } from '../types';

export const SpmOutcome = {
  /** The step force-selected its candidate. */
  FORCED: 'forced',
  /** An election in progress when the step came to force ended with the SPM on the site: nothing forced. */
  ELECTED: 'elected',
  /** The SPM was on the site already when the step came to force (moved since the plan): nothing forced. */
  ALREADY: 'already',
  /** Without force: the step waited for the engine's own election. */
  WAITED: 'waited',
} as const;
export type SpmOutcome = (typeof SpmOutcome)[keyof typeof SpmOutcome];

export interface SpmOutcomeInput {
  outcome: SpmOutcome;
  /** The host the step meant to force-select. */
  candidate?: string;
  /** The SPM when the step ended, and before the step. */
  spm: string;
  fromHost: string | null;
}

/** The note, in the past tense, of what happened (also the step's output line). */
export function describeSpmOutcome(input: SpmOutcomeInput): string {
  const { outcome, candidate, spm } = input;
  switch (outcome) {
    case SpmOutcome.FORCED:
      return candidate === spm ? `force-selected ${spm}` : `force-selected ${candidate}; the engine elected ${spm}`;
    case SpmOutcome.ELECTED:
      return `the election in progress put the SPM on ${spm}: nothing force-selected`;
    case SpmOutcome.ALREADY:
      return `found the SPM already on ${spm}: nothing force-selected`;
    case SpmOutcome.WAITED:
      return 'waited for the election';
  }
}

/** The step's one change as it was made: from the SPM before the step to the SPM it ended with. */
export function appliedSpmChange(input: SpmOutcomeInput): Change & { note: string } {
  return { path: 'spm', from: input.fromHost, to: input.spm, note: describeSpmOutcome(input) };
}
