/** fsync of a directory, so that a newly created or renamed entry survives a power cut. */
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** A no-op where directories cannot be opened or synced (the files' own syncs still hold their data). */
export function syncDirectorySync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
