/** The process as the CLI sees it: where text goes, whether it is a terminal, the environment. Tests pass their own. */
import type { TextOutput } from '../ui/plain';

export interface CliOutput extends TextOutput {
  readonly isTTY: boolean;
  /** A terminal's width as it reports it (0 when it does not know); undefined for pipes and files. */
  readonly columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Whether someone can answer a question on stdin. */
  isInteractive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Streams whose reader went away (EPIPE): what is written to them afterwards is dropped. */
const closedStreams = new WeakSet<NodeJS.WriteStream>();
const guardedStreams = new WeakSet<NodeJS.WriteStream>();

/**
 * A closed pipe (`runbook --help | head`) ends the output quietly, not the command: the rest of the output is
 * dropped and the command finishes with its own exit code (a run goes on; its journal records everything).
 * Any other stream error is left to the last-resort handler.
 */
export function guardClosedPipe(stream: NodeJS.WriteStream): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closedStreams.add(stream);
  });
}

/** Writes to `stream` unless its reader went away. */
export function writeUnlessClosed(stream: NodeJS.WriteStream, text: string): void {
  if (!closedStreams.has(stream)) stream.write(text);
}

export function processIo(): CliIo {
  guardClosedPipe(process.stdout);
  guardClosedPipe(process.stderr);
  return {
    stdout: {
      write: (text) => writeUnlessClosed(process.stdout, text),
      isTTY: process.stdout.isTTY === true,
      ...(process.stdout.isTTY === true ? { columns: process.stdout.columns } : {}),
    },
    stderr: { write: (text) => writeUnlessClosed(process.stderr, text), isTTY: process.stderr.isTTY === true },
    isInteractive: process.stdin.isTTY === true && process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
