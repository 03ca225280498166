/**
 * `runbook init [DIR]`: a project to work in outside runbook's checkout: the shipped runbooks, the lab
 * inventories and a commented production one, the JSON Schemas the files' editor modelines point at
 * (`../schemas/…`), a runbook.config.yaml naming the default inventory, and a .gitignore for the state directory.
 * It never overwrites a file unless told to (`--force`), and lists what it wrote.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { ExitCode, RunbookError } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { CONFIG_FILE, INVENTORY_ENV, PACKAGE_ROOT } from './project';

export interface InitOptions {
  force?: boolean;
  /** The CLI's working directory: the project is named relative to it. */
  cwd: string;
  write(text: string): void;
}

export class InitRefusedError extends RunbookError {
  readonly existing: readonly string[];
  constructor(existing: readonly string[]) {
    const shown = existing.slice(0, 8).join(', ') + (existing.length > 8 ? `, … (${existing.length} in all)` : '');
    super(`runbook init would overwrite ${shown}`, {
      code: 'INIT_EXISTS',
      exitCode: ExitCode.USAGE,
      hint: 'init into an empty directory (runbook init DIR), or add --force to overwrite these files',
    });
    this.existing = existing;
  }
}

const CONFIG_TEXT = `# runbook project configuration, written by \`runbook init\`. runbook finds it in the working directory or a
# parent directory, so every command run anywhere inside this project uses it.

# The inventory used when a command gets no -i (relative to this file). $${INVENTORY_ENV} overrides it.
# Against real machines: copy inventories/production.yaml, fill it in, and point this at it.
inventory: inventories/lab.yaml

# Where a bare runbook name (\`runbook exec dr-drill\`) is looked up first, relative to this file; then in the
# runbooks shipped with runbook.
runbooks: runbooks
`;

const GITIGNORE_TEXT = `# runbook's state: run journals, the lock, the embedded lab (keep the journals if they are your audit trail)
.runbook/
`;

/** Target path (relative to the project) -> its content. */
function projectFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const copy = (from: string, to: string): void => {
    files.set(to, readFileSync(nodePath.join(PACKAGE_ROOT, from), 'utf8'));
  };
  for (const name of readdirSync(nodePath.join(PACKAGE_ROOT, 'runbooks'))
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    copy(`runbooks/${name}`, `runbooks/${name}`);
  }
  copy('inventories/lab.yaml', 'inventories/lab.yaml');
  copy('inventories/lab-self-hosted.yaml', 'inventories/lab-self-hosted.yaml');
  copy('inventories/example-production.yaml', 'inventories/production.yaml');
  copy('schemas/runbook.schema.json', 'schemas/runbook.schema.json');
  copy('schemas/inventory.schema.json', 'schemas/inventory.schema.json');
  files.set(CONFIG_FILE, CONFIG_TEXT);
  files.set('.gitignore', GITIGNORE_TEXT);
  return files;
}

export function initProject(dir: string, options: InitOptions): void {
  const files = projectFiles();
  const existing = [...files.keys()].filter((path) => existsSync(nodePath.join(dir, path)));
  if (existing.length > 0 && options.force !== true) throw new InitRefusedError(existing);
  for (const [path, content] of files) {
    const target = nodePath.join(dir, path);
    mkdirSync(nodePath.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const where = displayPath(dir, options.cwd) || '.';
  const runbooks = [...files.keys()].filter((path) => path.startsWith('runbooks/')).length;
  options.write(
    [
      `Created a runbook project in ${where}:`,
      `  ${CONFIG_FILE}              the default inventory (inventories/lab.yaml) and where runbooks are found`,
      `  runbooks/                        the ${runbooks} shipped runbooks, yours to change`,
      '  inventories/lab.yaml             the embedded lab (standalone engine); lab-self-hosted.yaml (self-hosted)',
      '  inventories/production.yaml      a production inventory to fill in, every field explained',
      '  schemas/                         the JSON Schemas the files’ editor modelines point at',
      '',
      'Next:',
      `  ${where === '.' ? '' : `cd ${where} && `}runbook exec install-standalone.yaml     # install a stretch cluster on the embedded lab`,
      '  runbook exec dr-drill.yaml --yes               # then fail it over and back, timing every VM',
      '',
    ].join('\n')
  );
}
