/**
 * The changes a task reports. Once applied, a module's planned note reads as done (`would deactivate kvm-a1` ->
 * `deactivated kvm-a1`, `would run: …` -> `ran: …`); in a step marked `no_log`, file diffs are dropped (they may
 * hold what the step is meant to hide).
 */
import type { Change } from '../modules/types';

const PAST: Record<string, string> = {
  activate: 'activated',
  add: 'added',
  ask: 'asked',
  change: 'changed',
  create: 'created',
  deactivate: 'deactivated',
  'force-select': 'force-selected',
  install: 'installed',
  keep: 'kept',
  make: 'made',
  remove: 'removed',
  run: 'ran',
  upgrade: 'upgraded',
  upload: 'uploaded',
  wait: 'waited',
};

/** `would <verb> …` in the past tense; a note it does not know is left as it is. */
export function toPastTense(note: string): string {
  const match = /^would (dnf )?(\S+)(.*)$/s.exec(note);
  if (!match) return note;
  const [, tool = '', written = '', rest = ''] = match;
  const verb = written.replace(/:$/, '');
  const past = Object.hasOwn(PAST, verb) ? `${PAST[verb]}${written.slice(verb.length)}` : undefined;
  if (past === undefined) return note;
  // `would upload and run: …` -> `uploaded and ran: …`
  const tail = rest.replace(/^ and ([a-z-]+)/, (whole, next: string) =>
    Object.hasOwn(PAST, next) ? ` and ${PAST[next]}` : whole
  );
  return tool ? `${past}${tail} with dnf` : `${past}${tail}`;
}

function withoutDiff(change: Change): Change {
  if (change.diff === undefined) return change;
  const { diff: _diff, ...rest } = change;
  return rest;
}

/** The changes as a dry run reports them. */
export function plannedChanges(changes: readonly Change[], isNoLog: boolean): Change[] {
  return isNoLog ? changes.map(withoutDiff) : [...changes];
}

/** The changes as an applied task reports them. */
export function appliedChanges(changes: readonly Change[], isNoLog: boolean): Change[] {
  return plannedChanges(changes, isNoLog).map((change) =>
    change.note === undefined ? change : { ...change, note: toPastTense(change.note) }
  );
}
