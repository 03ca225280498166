/**
 * Which steps a run executes: `--start-at`, `--only`, `--tags` and `--skip-tags`, checked against the runbook.
 * As in Ansible, a step tagged `always` runs whatever `--tags` says (unless `--skip-tags always`), and one tagged
 * `never` runs only when `--tags` names one of its tags.
 */
import type { Step } from '../runbook/types';
import { UnknownStepError } from './errors';

export interface StepSelection {
  startAt?: string;
  only?: readonly string[];
  tags?: readonly string[];
  skipTags?: readonly string[];
}

export function selectSteps(steps: readonly Step[], selection: StepSelection): Step[] {
  const ids = steps.map((s) => s.id);
  const missing = [selection.startAt, ...(selection.only ?? [])].filter(
    (id): id is string => id !== undefined && !ids.includes(id)
  );
  if (missing.length > 0) {
    throw new UnknownStepError(
      selection.startAt && missing.includes(selection.startAt) ? '--start-at' : '--only',
      missing,
      ids
    );
  }
  const start = selection.startAt === undefined ? 0 : ids.indexOf(selection.startAt);
  return steps.slice(start).filter((step) => isSelected(step, selection));
}

export const ALWAYS_TAG = 'always';
export const NEVER_TAG = 'never';

function isSelected(step: Step, selection: StepSelection): boolean {
  if (selection.only && selection.only.length > 0 && !selection.only.includes(step.id)) return false;
  if ((selection.skipTags ?? []).some((t) => step.tags.includes(t))) return false;
  const tags = selection.tags ?? [];
  const isNamed = step.tags.some((t) => tags.includes(t));
  if (step.tags.includes(NEVER_TAG)) return isNamed;
  if (tags.length === 0 || step.tags.includes(ALWAYS_TAG)) return true;
  return isNamed;
}
