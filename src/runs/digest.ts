/** sha256 of the files a run reads (runbook and includes, inventory), recorded at start and compared on resume. */
import { readFileSync } from 'node:fs';
import type { FileDigest } from '../engine/events';
import { sha256Hex } from './line';

export function digestFile(path: string): string {
  return sha256Hex(readFileSync(path));
}

export function digestFiles(paths: readonly string[]): FileDigest[] {
  return paths.map((path) => ({ path, sha256: digestFile(path) }));
}
