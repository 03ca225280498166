/** Yes/no questions to the operator on the terminal; without one, a clear error that says to pass --yes. */
import { createInterface } from 'node:readline/promises';
import { ExitCode, RunbookError } from '../shared/errors';
import type { CliIo } from './io';

export class NoOperatorError extends RunbookError {
  readonly question: string;
  constructor(question: string) {
    super(`cannot ask "${question}": no terminal to answer on; pass --yes to answer yes`, {
      code: 'NO_OPERATOR',
      exitCode: ExitCode.REFUSED,
      hint: 'review the plan (runbook plan FILE), then pass --yes to answer yes to every confirmation',
    });
    this.question = question;
  }
}

export function createPrompt(io: CliIo): (question: string) => Promise<boolean> {
  return async (question) => {
    if (!io.isInteractive) throw new NoOperatorError(question);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^(y|yes)$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
