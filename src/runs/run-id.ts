/** Run ids sort by time: `2024-06-01T10-00-00.123Z-3f9a` (UTC, fixed width, safe in file names everywhere). */
import { randomBytes } from 'node:crypto';

/** What a run id given on the command line may look like (also keeps `..` and slashes out of paths). */
export const RUN_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,99}$/;

export function createRunId(now: Date = new Date(), suffix: string = randomBytes(2).toString('hex')): string {
  return `${now.toISOString().replace(/:/g, '-')}-${suffix}`;
}

export function isValidRunId(text: string): boolean {
  return RUN_ID_PATTERN.test(text) && !text.includes('..');
}
