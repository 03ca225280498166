/**
 * The last resort for an error nothing awaited (an `error` event without a listener, a rejection no one holds):
 * the same short report as any other error, never a stack unless RUNBOOK_DEBUG=1, then the error's exit code.
 * Node would otherwise print the stack and exit 1. bin/runbook.js installs it; tests call `main` in-process.
 */
import type { CliIo } from './io';
import { processIo } from './io';
import { exitCodeOf, formatError } from './report-error';

export function reportStrayError(error: unknown, io: CliIo, exit: (code: number) => void): void {
  io.stderr.write(formatError(error, io.env['RUNBOOK_DEBUG'] === '1'));
  exit(exitCodeOf(error));
}

export function installLastResortHandlers(io: CliIo = processIo()): void {
  const onStray = (error: unknown): void => reportStrayError(error, io, (code) => process.exit(code));
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
}
