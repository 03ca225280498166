/** File paths as users write them in documents: relative to the document's directory, `~` is $HOME. */
import { homedir } from 'node:os';
import * as nodePath from 'node:path';

export function resolveUserPath(path: string, baseDir: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return nodePath.join(homedir(), path.slice(2));
  return nodePath.resolve(baseDir, path);
}

/** How a file is named in messages: relative to the working directory when inside it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = nodePath.relative(cwd, file);
  return relative && !relative.startsWith('..') && !nodePath.isAbsolute(relative) ? relative : file;
}
