/** What a simulated command gets: its host, the login session, its standard streams, and a way to run more. */
import type { SimHost } from '../world';
import type { InputSource, OutputSink } from './io';

export interface CommandIo {
  stdin: InputSource;
  stdout: OutputSink;
  stderr: OutputSink;
}

/** The state of one shell: who runs it, where, with which variables. */
export interface ShellSession {
  uid: number;
  user: string;
  cwd: string;
  env: Record<string, string>;
  /** `$1`.. for `sh -c SCRIPT NAME ARGS`. */
  positional: string[];
  lastStatus: number;
  isErrexit: boolean;
  /** Inside an if condition or an && / || operand, where `set -e` does not apply. */
  conditionDepth: number;
  /** `trap 'commands' EXIT`: run when this shell ends. */
  exitTrap?: string;
}

export interface CommandContext {
  readonly host: SimHost;
  readonly session: ShellSession;
  readonly io: CommandIo;
  /** Run an argv as a command (sudo, command, xargs-like wrappers), optionally as another user. */
  runArgv(argv: readonly string[], options?: { uid?: number; user?: string; io?: CommandIo }): Promise<number>;
  /** Run a shell script in a new shell (sh -c), optionally as another user. */
  runScript(
    source: string,
    options?: { uid?: number; user?: string; io?: CommandIo; positional?: string[] }
  ): Promise<number>;
}

export type CommandHandler = (ctx: CommandContext, args: readonly string[]) => number | Promise<number>;

/** Thrown by `exit` to stop the current shell. */
export class ShellExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
    this.name = 'ShellExit';
  }
}
