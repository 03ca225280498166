/** Where a runbook named on the command line lives: as given, else under ./runbooks/ (with .yaml added). */
import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * `runbooks/dr-drill.yaml`, `dr-drill.yaml` and `dr-drill` all find `<cwd>/runbooks/dr-drill.yaml`. A path that
 * exists wins; a name that is found nowhere resolves as given (so the error names what the user typed).
 */
export function resolveRunbookPath(name: string, cwd: string = process.cwd()): string {
  const direct = nodePath.resolve(cwd, name);
  if (isFile(direct) || nodePath.isAbsolute(name) || name.includes('/') || name.includes(nodePath.sep)) return direct;
  const candidates = [name, `${name}.yaml`, `${name}.yml`].map((n) => nodePath.join(cwd, 'runbooks', n));
  return candidates.find(isFile) ?? direct;
}
