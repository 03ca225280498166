import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import type { Inventory } from '../../../src/inventory/types';
import { modules } from '../../../src/modules/registry';
import { loadRunbook } from '../../../src/runbook/load';
import { formatProblem, ValidationError } from '../../../src/shared/errors';
import { displayPath } from '../../../src/shared/paths';
import { removeTestdirs, testdir } from '../../helpers/testdir';

let inventory: Inventory;
beforeAll(async () => {
  inventory = await loadInventory('inventories/lab.yaml');
});
afterAll(removeTestdirs);

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await testdir(files);
  try {
    await loadRunbook(nodePath.join(dir, 'rb.yaml'), { modules, inventory });
  } catch (error) {
    if (error instanceof ValidationError) {
      return error.problems.map(formatProblem).map((p) => p.replaceAll(displayPath(dir), '$D'));
    }
    throw error;
  }
  return [];
}

function runbook(template: string): string {
  const body = template
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
  return `name: t\nsteps:\n  - id: conf\n    hosts: engine\n    ssh.template:\n      dest: /etc/x.conf\n      template: |\n${body}\n`;
}

describe('Jinja2 block tags in runbooks', () => {
  it('accepts if, for, set and comments in an inline template, names they bind included', async () => {
    const template = [
      '{# generated #}',
      '{% set port = 5432 %}',
      '{% for h in hosts | dict2items %}',
      '{{ loop.index }} {{ h.key }}:{{ port }}',
      '{% endfor %}',
      '{% if engine.kind == "standalone" %}standalone{% else %}hosted{% endif %}',
    ].join('\n');
    expect(await problemsOf({ 'rb.yaml': runbook(template) })).toEqual([]);
  });

  it('reports a bad tag inside a block scalar at its own line and column', async () => {
    const template = ['first line', '{% for h in hosts %}', '  {{ h }}', '{% endfro %}'].join('\n');
    expect(await problemsOf({ 'rb.yaml': runbook(template) })).toEqual([
      '$D/rb.yaml:11:9 steps[0].ssh.template.template: template syntax error: unknown tag "endfro" (did you mean endfor?) in "{% endfro %}"',
    ]);
  });

  it('reports an undefined name of a loop body, and a literal ${#…} outside raw', async () => {
    const template = ['{% for h in hots %}{{ h }}{% endfor %}'].join('\n');
    expect(await problemsOf({ 'rb.yaml': runbook(template) })).toEqual([
      '$D/rb.yaml:7:17 steps[0].ssh.template.template: undefined variable "hots" (did you mean host?) in "{% for h in hots %}{{ h }}{% endfor %}\\n"',
    ]);
    const shell = `name: t\nsteps:\n  - id: count\n    hosts: engine\n    ssh.command: { cmd: 'echo \${#list[@]}' }\n`;
    expect(await problemsOf({ 'rb.yaml': shell })).toEqual([
      '$D/rb.yaml:5:32 steps[0].ssh.command.cmd: template syntax error: unclosed comment "{#" (missing "#}"; for a literal "{#" or "{%" (as in ${#list[@]}), write {% raw %}…{% endraw %}) in "echo ${#list[@]}"',
    ]);
  });

  it('checks the syntax of a src template file at load time, at that file’s line and column', async () => {
    const rb = `name: t\nsteps:\n  - id: conf\n    hosts: engine\n    ssh.template: { dest: /etc/x.conf, src: templates/x.j2 }\n`;
    const problems = await problemsOf({ 'rb.yaml': rb, 'templates/x.j2': 'a\nb {% macro m() %}{% endmacro %}\n' });
    expect(problems).toEqual([
      '$D/templates/x.j2:2:3 template syntax error: the Jinja2 tag "macro" is not supported (supported: if, elif, else, endif, for, endfor, set, endset, raw, endraw) in "b {% macro m() %}{% endmacro %}"',
    ]);
    expect(await problemsOf({ 'rb.yaml': rb })).toEqual([]);
  });

  it('refuses block tags in a condition', async () => {
    const rb = `name: t\nsteps:\n  - id: e\n    when: "{% if true %}true{% endif %}"\n    echo: { msg: hi }\n`;
    expect(await problemsOf({ 'rb.yaml': rb })).toEqual([
      '$D/rb.yaml:4:12 steps[0].when: template syntax error: a condition is one expression: block tags and comments are not allowed here (write `a if b else c`) in "{% if true %}true{% endif %}"',
    ]);
  });
});
