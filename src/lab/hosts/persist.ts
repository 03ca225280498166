/** Saves the hosts' state soon after it changes (coalescing bursts), one write at a time. */
import { messageOf } from '../../shared/errors';
import { LabHostsError, LabHostsErrorCode } from './errors';
import { saveHostStates } from './state';
import type { HostState } from './types';

const SAVE_DELAY_MS = 100;

export interface Persister {
  /** Something changed: save within SAVE_DELAY_MS. */
  schedule(): void;
  /** Save now and wait for every write to finish. */
  flush(): Promise<void>;
  /** Save now if anything changed since the last save, and wait for every write to finish. */
  saveIfChanged(): Promise<void>;
}

export function createPersister(stateDir: string, states: Record<string, HostState>): Persister {
  let timer: NodeJS.Timeout | undefined;
  let isDirty = false;
  let writing: Promise<void> = Promise.resolve();
  let lastError: unknown;
  const write = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!isDirty) return writing;
    isDirty = false;
    writing = writing
      .then(() => saveHostStates(stateDir, states))
      .catch((error: unknown) => {
        lastError = error;
      });
    return writing;
  };
  return {
    schedule() {
      isDirty = true;
      timer ??= setTimeout(() => void write(), SAVE_DELAY_MS).unref();
    },
    async flush() {
      isDirty = true;
      await this.saveIfChanged();
    },
    async saveIfChanged() {
      await write();
      if (lastError !== undefined) {
        const cause = lastError;
        lastError = undefined;
        throw new LabHostsError(`the lab could not save the hosts' state in ${stateDir}: ${messageOf(cause)}`, {
          code: LabHostsErrorCode.BAD_STATE,
          cause,
        });
      }
    },
  };
}
