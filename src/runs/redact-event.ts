/**
 * What an event looks like when it leaves the process for the journal: every string passes the one redaction
 * (src/shared/redact.ts), changes to secret-named fields lose their values, and the output excerpt is capped.
 */
import type { RunEvent } from '../engine/events';
import type { Change } from '../modules/types';
import { isSecretKey, redactValue, REDACTED } from '../shared/redact';

/** The largest output excerpt kept in a journal line, in characters (the tail is kept). */
export const MAX_EXCERPT_CHARS = 4096;

export function redactEvent(event: RunEvent): RunEvent {
  const redacted = redactValue(event);
  if (redacted.type === 'run.started' || redacted.type === 'run.resumed') {
    return { ...redacted, argv: redacted.argv.map(maskSecretAssignment) };
  }
  if (redacted.type !== 'task.finished' && redacted.type !== 'task.planned') return redacted;
  const changes = redacted.changes.map(maskSecretChange);
  if (redacted.type === 'task.planned') return { ...redacted, changes };
  const outputExcerpt = redacted.outputExcerpt === undefined ? undefined : capExcerpt(redacted.outputExcerpt);
  return { ...redacted, changes, ...(outputExcerpt === undefined ? {} : { outputExcerpt }) };
}

/** `-e db_password=hunter2` on the command line: the value of a secret-named variable is masked. */
function maskSecretAssignment(arg: string): string {
  const match = /^((?:--?[\w-]+=)?)([A-Za-z_][\w.-]*)=(.+)$/s.exec(arg);
  if (!match || !isSecretKey(match[2] as string)) return arg;
  return `${match[1] ?? ''}${match[2]}=${REDACTED}`;
}

function maskSecretChange(change: Change): Change {
  const leaf =
    change.path
      .split(/[.[\]/]/)
      .filter(Boolean)
      .pop() ?? change.path;
  if (!isSecretKey(leaf)) return change;
  return {
    ...change,
    ...(change.from === undefined ? {} : { from: REDACTED }),
    ...(change.to === undefined ? {} : { to: REDACTED }),
  };
}

/** Keep the last MAX_EXCERPT_CHARS characters, marking the cut. */
export function capExcerpt(text: string): string {
  if (text.length <= MAX_EXCERPT_CHARS) return text;
  const tail = text.slice(text.length - MAX_EXCERPT_CHARS);
  const firstNewline = tail.indexOf('\n');
  const clean = firstNewline >= 0 && firstNewline < 200 ? tail.slice(firstNewline + 1) : tail;
  return `[… ${text.length - clean.length} characters cut]\n${clean}`;
}
