/** What a command's action needs from main: the process I/O, the argv, and where to put its exit code. */
import type { ExitCode } from '../shared/errors';
import type { CliIo } from './io';

export interface CliContext {
  readonly io: CliIo;
  readonly argv: string[];
  exitCode: ExitCode;
}
