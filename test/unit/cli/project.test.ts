import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findProject, PACKAGE_ROOT, resolveInventoryPath } from '../../../src/cli/project';
import { resolveRunbookPath } from '../../../src/runbook/load';
import { formatProblem, ValidationError } from '../../../src/shared/errors';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the project: default inventory and where runbooks are found', () => {
  it('uses the shipped lab inventory and runbooks in an empty directory', () => {
    const dir = project({});
    const found = findProject(dir, {});
    expect(found.defaultInventory).toEqual({
      path: join(PACKAGE_ROOT, 'inventories', 'lab.yaml'),
      source: 'the shipped lab inventory',
    });
    expect(resolveRunbookPath('install-standalone.yaml', dir, found.runbookDirs)).toBe(
      join(PACKAGE_ROOT, 'runbooks', 'install-standalone.yaml')
    );
    expect(resolveRunbookPath('dr-drill', dir, found.runbookDirs)).toBe(
      join(PACKAGE_ROOT, 'runbooks', 'dr-drill.yaml')
    );
  });

  it('prefers the project’s inventories/lab.yaml and its runbooks over the shipped ones', () => {
    const dir = project({ 'inventories/lab.yaml': 'x', 'runbooks/dr-drill.yaml': 'x' });
    const found = findProject(dir, {});
    expect(found.defaultInventory).toEqual({ path: join(dir, 'inventories', 'lab.yaml'), source: 'the project' });
    expect(resolveRunbookPath('dr-drill', dir, found.runbookDirs)).toBe(join(dir, 'runbooks', 'dr-drill.yaml'));
    expect(resolveRunbookPath('preflight', dir, found.runbookDirs)).toBe(
      join(PACKAGE_ROOT, 'runbooks', 'preflight.yaml')
    );
  });

  it('reads runbook.config.yaml from a parent directory, relative to itself', () => {
    const dir = project({
      'runbook.config.yaml': 'inventory: inv/prod.yaml\nrunbooks: books\n',
      'books/mine.yaml': 'x',
      'deep/er/.keep': '',
    });
    const found = findProject(join(dir, 'deep', 'er'), {});
    expect(found.root).toBe(dir);
    expect(found.defaultInventory).toEqual({ path: join(dir, 'inv', 'prod.yaml'), source: 'runbook.config.yaml' });
    expect(resolveRunbookPath('mine', join(dir, 'deep', 'er'), found.runbookDirs)).toBe(
      join(dir, 'books', 'mine.yaml')
    );
  });

  it('lets RUNBOOK_INVENTORY override the config, and -i override both', () => {
    const dir = project({ 'runbook.config.yaml': 'inventory: inv/prod.yaml\n' });
    const env = { RUNBOOK_INVENTORY: 'other.yaml' };
    expect(findProject(dir, env).defaultInventory).toEqual({
      path: join(dir, 'other.yaml'),
      source: 'RUNBOOK_INVENTORY',
    });
    expect(resolveInventoryPath(undefined, dir, env)).toBe(join(dir, 'other.yaml'));
    expect(resolveInventoryPath('x.yaml', dir, env)).toBe(join(dir, 'x.yaml'));
  });

  it('refuses a config with unknown keys or wrong values, at file:line:col', () => {
    const dir = project({ 'runbook.config.yaml': 'inventory: 3\ninventroy: x.yaml\n' });
    let error: unknown;
    try {
      findProject(dir, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const lines = (error as ValidationError).problems
      .map(formatProblem)
      .map((line) => line.replace(resolve(dir), '$D'));
    expect(lines).toEqual([
      '$D/runbook.config.yaml:1:12 inventory: must be a string, got number 3',
      '$D/runbook.config.yaml:2:1 inventroy: unknown key "inventroy" (did you mean inventory?)',
    ]);
  });
});
