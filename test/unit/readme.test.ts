import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';

const README = readFileSync('README.md', 'utf8');

function linkedPaths(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('README.md', () => {
  it('gives the two commands: set-up plus the install on the embedded lab, and the tests', () => {
    const block = /## Two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    const commands = block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim());
    expect(commands.filter(Boolean)).toEqual(['npm ci && npx runbook exec install-standalone.yaml', 'npm test']);
  });

  it.each([...new Set(linkedPaths(README))])('links to %s, which exists', (target) => {
    expect(existsSync(nodePath.normalize(target))).toBe(true);
  });

  it.each([
    '$ npx runbook exec dr-drill.yaml --dry-run',
    '$ npx runbook exec dr-drill.yaml --yes',
    '$ npx runbook exec dr-drill.yaml --yes --resume',
    '$ npx runbook audit verify',
  ])('walks through `%s` with its output', (command) => {
    expect(README).toContain(command);
  });

  it.each(readdirSync('docs').filter((name) => name.endsWith('.md')))('indexes docs/%s', (page) => {
    expect(README).toContain(`](docs/${page})`);
  });
});
