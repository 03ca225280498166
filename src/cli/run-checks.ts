/**
 * Checks of a run's selection before it starts: `--tags`/`--skip-tags` naming a tag no step has (a warning with
 * the known tags: `--tags chekcs` would otherwise run nothing, silently), and `--start-at` skipping steps whose
 * registered results the remaining steps read (refused, naming each register and how to supply it).
 */
import type { Runbook, Step } from '../runbook/types';
import { ExitCode, RunbookError } from '../shared/errors';
import { describeAlternatives } from '../shared/suggest';
import { referencedNames } from '../template';

/** The tags of a runbook, sorted. */
export function knownTags(runbook: Runbook): string[] {
  return [...new Set(runbook.steps.flatMap((step) => step.tags))].sort();
}

/** One warning per tag given to --tags or --skip-tags that no step has. */
export function checkTags(runbook: Runbook, options: { tags?: string[]; skipTags?: string[] }): string[] {
  const known = knownTags(runbook);
  const shown = known.length > 0 ? known : ['(none: no step has a tag)'];
  return (['tags', 'skipTags'] as const).flatMap((key) =>
    (options[key] ?? [])
      .filter((tag) => !known.includes(tag))
      .map((tag) => {
        const option = key === 'tags' ? '--tags' : '--skip-tags';
        const hint = describeAlternatives(tag, known).replace(/ \(known: .*\)$/, '');
        return `${option} ${tag}: no step of this runbook has that tag${hint} (known tags: ${shown.join(', ')})`;
      })
  );
}

/** A register of a skipped step that a step still to run reads. */
export interface MissingRegister {
  name: string;
  /** The skipped step that sets it. */
  setBy: string;
  /** The first step still to run that reads it. */
  readBy: string;
}

/** Everything a step reads by name: its condition, loop, arguments, retry condition, targets and question. */
function namesReadBy(step: Step): Set<string> {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([step.when, step.hosts, step.confirm, step.loop?.items, step.loop?.key, step.retry?.until, step.args]);
  const names = new Set(texts.flatMap((text) => referencedNames(text)));
  if (step.register !== undefined) names.delete(step.register);
  return names;
}

/**
 * Registers the selection leaves unset while a selected step reads them: set only by a step the selection skips
 * (before the reader), and not supplied with `-e`.
 */
export function findMissingRegisters(
  steps: readonly Step[],
  selected: ReadonlySet<string>,
  supplied: Record<string, unknown>
): MissingRegister[] {
  const missing: MissingRegister[] = [];
  const setByRun = new Set<string>();
  const lastSkippedSetter = new Map<string, string>();
  for (const step of steps) {
    if (selected.has(step.id)) {
      for (const name of namesReadBy(step)) {
        const setter = lastSkippedSetter.get(name);
        const isKnown = setByRun.has(name) || Object.hasOwn(supplied, name) || missing.some((m) => m.name === name);
        if (setter !== undefined && !isKnown) missing.push({ name, setBy: setter, readBy: step.id });
      }
    }
    if (step.register === undefined) continue;
    if (selected.has(step.id)) setByRun.add(step.register);
    else lastSkippedSetter.set(step.register, step.id);
  }
  return missing;
}

/** How the options that narrowed the run read (`--start-at add-hosts`, `--tags failover`). */
export function describeSelection(options: {
  startAt?: string;
  only?: string[];
  tags?: string[];
  skipTags?: string[];
}): string {
  return [
    options.startAt !== undefined ? `--start-at ${options.startAt}` : '',
    (options.only ?? []).length > 0 ? `--only ${(options.only ?? []).join(',')}` : '',
    (options.tags ?? []).length > 0 ? `--tags ${(options.tags ?? []).join(',')}` : '',
    (options.skipTags ?? []).length > 0 ? `--skip-tags ${(options.skipTags ?? []).join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export class SkippedRegistersError extends RunbookError {
  readonly missing: readonly MissingRegister[];
  constructor(selection: string, missing: readonly MissingRegister[]) {
    const list = missing.map((m) => `"${m.name}" (set by ${m.setBy}, read by ${m.readBy})`).join(', ');
    const example = missing.map((m) => `-e '{"${m.name}": …}'`).join(' ');
    super(`${selection} skips steps whose registered results the steps it runs read: ${list}`, {
      code: 'SKIPPED_REGISTERS',
      exitCode: ExitCode.USAGE,
      hint: `supply them with ${example} (the value the step would have registered), select the steps that set them too, or continue an interrupted run with --resume, which restores them from its journal`,
    });
    this.missing = missing;
  }
}
