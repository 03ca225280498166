/** SIGINT / SIGTERM during a run: the first one stops the run gracefully (resumable); a second one exits at once. */
import { ExitCode } from '../shared/errors';
import type { CliIo } from './io';

export interface InterruptWatch {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function watchInterrupts(io: CliIo): InterruptWatch {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      io.stderr.write(`\n${name} again: exiting now\n`);
      process.exit(ExitCode.INTERRUPTED);
    }
    io.stderr.write(`\n${name}: stopping; running tasks are told to stop (press Ctrl-C again to exit at once)\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
