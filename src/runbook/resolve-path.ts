/** Where a runbook named on the command line lives: as given, else in the runbook directories (with .yaml added). */
import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * `runbooks/dr-drill.yaml`, `dr-drill.yaml` and `dr-drill` all find `dr-drill.yaml` in the first of `dirs` that
 * has it (default: `<cwd>/runbooks`). A path that exists wins; a name that is found nowhere resolves as given
 * (so the error names what the user typed).
 */
export function resolveRunbookPath(
  name: string,
  cwd: string = process.cwd(),
  dirs: readonly string[] = [nodePath.join(cwd, 'runbooks')]
): string {
  const direct = nodePath.resolve(cwd, name);
  if (isFile(direct) || nodePath.isAbsolute(name) || name.includes('/') || name.includes(nodePath.sep)) return direct;
  const names = [name, `${name}.yaml`, `${name}.yml`];
  for (const dir of dirs) {
    const found = names.map((n) => nodePath.join(dir, n)).find(isFile);
    if (found !== undefined) return found;
  }
  return direct;
}
