/**
 * How the CLI shows an error: the message, `Try this:` and the `Caused by:` chain, never a stack unless
 * RUNBOOK_DEBUG=1; and which exit code it maps to. An error that is not ours is a bug: INTERNAL, "please report".
 */
import { causeChain, ExitCode, messageOf, RunbookError } from '../shared/errors';
import { redactText } from '../shared/redact';

export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof RunbookError ? error.exitCode : ExitCode.INTERNAL;
}

export function formatError(error: unknown, isDebug: boolean): string {
  const lines: string[] = [];
  if (error instanceof RunbookError) {
    lines.push(`error: ${error.message}`);
    if (error.hint !== undefined) lines.push(`Try this: ${error.hint}`);
  } else {
    lines.push(`internal error: ${messageOf(error)}`);
    lines.push(
      'Try this: this is a bug in runbook; please report it with the command you ran and the output of RUNBOOK_DEBUG=1'
    );
  }
  for (const cause of causeChain(error).slice(1)) lines.push(`Caused by: ${messageOf(cause)}`);
  if (isDebug) {
    for (const link of causeChain(error)) if (link instanceof Error && link.stack) lines.push('', link.stack);
  }
  return `${redactText(lines.join('\n'))}\n`;
}
