/** Saves and loads the world as JSON in a state directory (default `.runbook/lab/` of the working directory). */
import { renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { RunbookError } from '../../shared/errors';
import type { WorldState } from './model';

export const DEFAULT_STATE_DIR = path.join('.runbook', 'lab');
const STATE_FILE = 'world.json';

export class LabStateError extends RunbookError {
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super(`lab state ${file}: ${message}`, {
      code: 'LAB_STATE_INVALID',
      hint: 'Run `runbook lab reset` to start the lab over.',
      cause,
    });
    this.file = file;
  }
}

export function stateFile(dir: string): string {
  return path.join(dir, STATE_FILE);
}

let saveCounter = 0;

/**
 * Writes the world to a temporary file and renames it over world.json: a reader (or a lab restarted after a crash)
 * sees the old world or the new one, never half of one. Synchronous on purpose: the lab saves before it answers
 * (docs/lab.md), and one write and one rename cost less than the thread-pool round trips of their async versions
 * (the JSON text, the bulk of a save, is built synchronously either way). No fsync (see src/lab/saver.ts).
 */
export async function saveWorldState(dir: string, state: WorldState): Promise<string> {
  const file = stateFile(dir);
  const temporary = `${file}.${process.pid}.${++saveCounter}.tmp`;
  const text = JSON.stringify(state);
  try {
    writeFileSync(temporary, text, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    writeFileSync(temporary, text, 'utf8');
  }
  renameSync(temporary, file);
  return file;
}

/** The saved world, or undefined when the directory has none. */
export async function loadWorldState(dir: string): Promise<WorldState | undefined> {
  const file = stateFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LabStateError(file, 'cannot be read', error);
  }
  let state: WorldState;
  try {
    state = JSON.parse(text) as WorldState;
  } catch (error) {
    throw new LabStateError(file, 'is not valid JSON', error);
  }
  if (state.version !== 1 || !Array.isArray(state.hosts) || typeof state.clock?.now !== 'number') {
    throw new LabStateError(file, 'is not a lab world of this version');
  }
  return state;
}
