/**
 * What local commands of a run inherit from the CLI: `runbook` itself first on the PATH (bin/runbook, this very
 * build) and the run's state directory, so a step such as `local.command: { cmd: [runbook, lab, fail, primary] }`
 * reaches the same lab and runs as this run does, however runbook was started (npx, a global install, tests).
 */
import * as nodePath from 'node:path';
import { resolveStateDir, STATE_DIR_ENV } from '../runs/paths';
import type { CliIo } from './io';

/** The directory holding the `runbook` executable of this build. */
export const CLI_BIN_DIR = nodePath.resolve(__dirname, '..', '..', 'bin');

/** Sets PATH and RUNBOOK_STATE_DIR for child processes; returns the function that puts them back. */
export function exposeCliToChildren(io: CliIo): () => void {
  const saved = { PATH: process.env.PATH, [STATE_DIR_ENV]: process.env[STATE_DIR_ENV] };
  process.env.PATH = [CLI_BIN_DIR, process.env.PATH].filter((part) => part !== undefined && part !== '').join(':');
  process.env[STATE_DIR_ENV] = resolveStateDir(io.cwd, io.env);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
