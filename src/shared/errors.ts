/**
 * The error hierarchy shared by every layer. Errors carry their context as readonly fields, know whether
 * retrying could help, and chain their cause. Only src/cli turns them into exit codes and text.
 */

/** Exit codes of the CLI; each is documented in docs/errors.md. */
export const ExitCode = {
  OK: 0,
  /** A step failed (and was not ignored), or a check did not pass. */
  STEP_FAILED: 1,
  /** The command line was wrong: unknown option, missing argument. */
  USAGE: 2,
  /** A runbook or inventory is invalid; every problem was printed. */
  INVALID_INPUT: 3,
  /** The run was refused before it started: lock held, resume mismatch, confirmation declined. */
  REFUSED: 4,
  /** A host or the engine could not be reached or refused our credentials. */
  CONNECTION: 5,
  /** A journal failed verification: it was edited, truncated or reordered. */
  TAMPERED: 6,
  /**
   * A drill failed: a VM not recovered or not measured, a recovery over the RTO, a failed wait, a precondition not
   * met, or any step of the drill failed. The report and the drill summary say why.
   */
  DRILL_FAILED: 7,
  /** The former name of DRILL_FAILED. */
  RTO_MISSED: 7,
  /** The run was interrupted (SIGINT / SIGTERM); it can be resumed. */
  INTERRUPTED: 130,
  /** A bug in runbook itself. */
  INTERNAL: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface RunbookErrorOptions {
  /** A stable machine-readable code, e.g. `RUNBOOK_INVALID`, `SSH_HOST_KEY_MISMATCH`. */
  code: string;
  /** What the user can do about it; printed as "Try this:". */
  hint?: string;
  /** Whether repeating the same operation could succeed. */
  isRetryable?: boolean;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class RunbookError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly isRetryable: boolean;
  readonly exitCode: ExitCode;

  constructor(message: string, options: RunbookErrorOptions) {
    super(message);
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
    this.isRetryable = options.isRetryable ?? false;
    this.exitCode = options.exitCode ?? ExitCode.STEP_FAILED;
    if (options.cause !== undefined) {
      // Non-enumerable so JSON serialisation never walks into sockets or huge objects.
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true });
    }
  }
}

/** One problem found in a document, with its place. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** The path in the document, e.g. `steps[3].hosts`. */
  path?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

/** A document (runbook, inventory) failed to load; carries every problem at once. */
export class ValidationError extends RunbookError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], hint?: string) {
    const head = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${head}:\n${problems.map((p) => '  ' + formatProblem(p)).join('\n')}`, {
      code: 'INVALID_INPUT',
      exitCode: ExitCode.INVALID_INPUT,
      ...(hint !== undefined ? { hint } : {}),
    });
    this.problems = problems;
  }
}

/** Thrown when dry-run (read-only mode) would have let a write through. */
export class ReadOnlyViolationError extends RunbookError {
  readonly operation: string;
  constructor(operation: string) {
    super(`refused in dry-run: ${operation} would change the world`, { code: 'READ_ONLY', isRetryable: false });
    this.operation = operation;
  }
}

/** Walks `cause` links, newest first, guarding against cycles. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current) && chain.length < 10) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The message of anything thrown, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
