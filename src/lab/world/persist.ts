/** Saves and loads the world as JSON in a state directory (default `.runbook/lab/` of the working directory). */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

export async function saveWorldState(dir: string, state: WorldState): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = stateFile(dir);
  const temporary = `${file}.${process.pid}.${++saveCounter}.tmp`;
  await writeFile(temporary, JSON.stringify(state), 'utf8');
  await rename(temporary, file);
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
