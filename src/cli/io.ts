/** The process as the CLI sees it: where text goes, whether it is a terminal, the environment. Tests pass their own. */
import type { TextOutput } from '../ui/plain';

export interface CliOutput extends TextOutput {
  readonly isTTY: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Whether someone can answer a question on stdin. */
  isInteractive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    isInteractive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
