import { writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import type { Inventory } from '../../../src/inventory/types';
import { modules } from '../../../src/modules/registry';
import { loadRunbook } from '../../../src/runbook/load';
import { formatProblem, ValidationError } from '../../../src/shared/errors';
import { displayPath } from '../../../src/shared/paths';
import { removeTestdirs, testdir } from '../../helpers/testdir';

/** A small valid runbook; each case edits it. Line numbers below refer to this text. */
const BASE = `name: drill
vars: { greeting: hello }
steps:
  - id: first
    hosts: site:primary
    echo: { msg: "{{ greeting }} {{ host.name }}" }
    register: said
  - id: second
    wait: { for: 1s }
    retries: 2
    until: "{{ said is defined }}"
`;

const INCLUDED = `name: included
steps:
  - id: inner
    echo: { msg: inner }
`;

function edit(from: string, to: string, text = BASE): string {
  if (!text.includes(from)) throw new Error(`test bug: no ${JSON.stringify(from)} in the runbook`);
  return text.replace(from, to);
}

let dir: string;
let inventory: Inventory;
let FILE: string;
let INC: string;

beforeAll(async () => {
  inventory = await loadInventory('inventories/lab.yaml');
  dir = await testdir({
    'included.yaml': INCLUDED,
    'loop-a.yaml': 'name: a\nsteps:\n  - include: loop-b.yaml\n',
    'loop-b.yaml': 'name: b\nsteps:\n  - include: loop-a.yaml\n',
    'bad-include.yaml': 'name: bad\nsteps:\n  - id: Inner\n    echo: { msg: x }\n',
  });
  FILE = displayPath(nodePath.join(dir, 'drill.yaml'));
  INC = displayPath(nodePath.join(dir, 'bad-include.yaml'));
});
afterAll(removeTestdirs);

async function problemsOf(text: string): Promise<string[]> {
  const path = nodePath.join(dir, 'drill.yaml');
  await writeFile(path, text);
  try {
    await loadRunbook(path, { modules, inventory });
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

const SECOND_STEP = '  - id: second\n';

describe('malformed runbooks', () => {
  it('accepts the base document the cases edit', async () => {
    expect(await problemsOf(BASE)).toEqual([]);
  });

  /** [what, text, expected message: $F is the runbook, $I bad-include.yaml, $D their directory] */
  it.each<[string, string, string]>([
    [
      'a YAML syntax error',
      edit('{ for: 1s }', '{ for: 1s'),
      '$F:10:5 YAML: missed comma between flow collection entries',
    ],
    [
      'a tab in the indentation',
      edit('    register: said', '\tregister: said'),
      '$F:7:1 YAML: tab characters must not be used in indentation',
    ],
    [
      'a duplicate key',
      edit('    register: said', '    register: said\n    hosts: all'),
      '$F:8:5 YAML: duplicate key "hosts"',
    ],
    [
      'a !!js/function tag',
      edit('name: drill', "name: !!js/function 'function () { return 1 }'"),
      '$F:1:7 YAML: tag !!js/function is not allowed: only plain YAML values (strings, numbers, booleans, lists, maps)',
    ],
    [
      'a !!python/object tag',
      edit('{ for: 1s }', '!!python/object/apply:os.system ["id"]'),
      '$F:9:11 YAML: tag !!python/object/apply:os.system is not allowed: only plain YAML values (strings, numbers, booleans, lists, maps)',
    ],
    ['an empty file', '\n', '$F:1:1 the runbook is empty'],
    ['a missing name', edit('name: drill\n', ''), '$F:1:1 missing required key "name"'],
    [
      'an unknown top-level key',
      edit('name: drill', 'name: drill\ninventory: lab'),
      '$F:2:1 inventory: unknown key "inventory" (known: name, description, rto, vars, steps)',
    ],
    ['steps that are not a list', 'name: drill\nsteps: { id: a }\n', '$F:2:8 steps: must be a list, got a mapping'],
    [
      'a step that is not a mapping',
      edit(SECOND_STEP, '  - just text\n' + SECOND_STEP),
      '$F:8:5 steps[1]: a step must be a mapping (id, module, …) or an include',
    ],
    [
      'an unknown module',
      edit('echo: {', 'local.comand: {'),
      '$F:6:5 steps[0].local.comand: unknown module "local.comand" (did you mean local.command?)',
    ],
    [
      'a misspelt step key',
      edit('    retries: 2', '    retires: 2'),
      '$F:10:5 steps[1].retires: unknown key "retires" (did you mean retries?)',
    ],
    [
      'two modules in one step',
      edit('    register: said', '    wait: { for: 1s }\n    register: said'),
      '$F:7:5 steps[0].wait: more than one module (echo, wait): a step runs exactly one module; split it into steps',
    ],
    [
      'a step without a module',
      edit('    echo: { msg: "{{ greeting }} {{ host.name }}" }\n', ''),
      `$F:4:5 steps[0]: no module: a step needs exactly one module key (known: ${Object.keys(modules).sort().join(', ')})`,
    ],
    [
      'a step without an id',
      edit('  - id: first\n    hosts', '  - hosts'),
      '$F:4:5 steps[0]: missing required key "id"',
    ],
    [
      'duplicate step ids',
      edit('id: second', 'id: first'),
      '$F:8:9 steps[1].id: duplicate step id "first" (first at $F:4 steps[0])',
    ],
    [
      'a bad step id',
      edit('id: second', 'id: Second Step'),
      '$F:8:9 steps[1].id: must be lowercase letters, digits, ".", "_" and "-", starting with a letter or digit',
    ],
    [
      'bad selector syntax',
      edit('hosts: site:primary', 'hosts: site:primary,,kvm-a1'),
      '$F:5:12 steps[0].hosts: empty term in "site:primary,,kvm-a1"',
    ],
    [
      'an unknown site',
      edit('hosts: site:primary', 'hosts: site:primay'),
      '$F:5:12 steps[0].hosts: no site "primay" in inventory (known: primary, secondary)',
    ],
    [
      'an unknown host',
      edit('hosts: site:primary', 'hosts: kvm-a9'),
      '$F:5:12 steps[0].hosts: no host "kvm-a9" in inventory (did you mean kvm-a1?)',
    ],
    [
      'an unknown group',
      edit('hosts: site:primary', 'hosts: group:kvn'),
      '$F:5:12 steps[0].hosts: no group "kvn" in inventory (did you mean kvm?)',
    ],
    [
      'an undefined variable in a template',
      edit('{{ host.name }}', '{{ hots.name }}'),
      '$F:6:18 steps[0].echo.msg: undefined variable "hots" (did you mean host?) in "{{ greeting }} {{ hots.name }}"',
    ],
    [
      'host in a step without hosts',
      edit('    wait: { for: 1s }', '    wait: { for: "{{ host.name }}" }'),
      '$F:9:18 steps[1].wait.for: undefined variable "host" (only a step with hosts: has a host; this one runs once) in "{{ host.name }}"',
    ],
    [
      'item in a step without a loop',
      edit('{{ host.name }}', '{{ item.name }}'),
      '$F:6:18 steps[0].echo.msg: undefined variable "item" (only a step with loop: has an item) in "{{ greeting }} {{ item.name }}"',
    ],
    [
      'a register used before its step',
      edit('{{ host.name }}', '{{ later.rc }}').replace('  - id: second\n', '  - id: second\n    register: later\n'),
      '$F:6:18 steps[0].echo.msg: undefined variable "later" in "{{ greeting }} {{ later.rc }}"',
    ],
    [
      'a template syntax error',
      edit('{{ host.name }}', '{{ host.name = 1 }}'),
      '$F:6:47 steps[0].echo.msg: template syntax error: unexpected "=" (did you mean "=="?) in "{{ greeting }} {{ host.name = 1 }}"',
    ],
    [
      'an unknown filter',
      edit('{{ host.name }}', '{{ host.name | uper }}'),
      '$F:6:49 steps[0].echo.msg: template syntax error: unknown filter "uper" (did you mean upper?) in "{{ greeting }} {{ host.name | uper }}"',
    ],
    [
      'a condition with text around it',
      edit('"{{ said is defined }}"', '"ok: {{ said is defined }}"'),
      '$F:11:13 steps[1].until: template syntax error: expected one expression, either bare or as a single "{{ … }}" in "ok: {{ said is defined }}"',
    ],
    [
      'a bare condition with a syntax error',
      edit('    retries: 2', '    retries: 2\n    when: said and'),
      '$F:11:19 steps[1].when: template syntax error: unexpected end of expression in "said and"',
    ],
    [
      'retries that are text',
      edit('retries: 2', 'retries: three'),
      '$F:10:14 steps[1].retries: must be an integer, got string "three"',
    ],
    ['negative retries', edit('retries: 2', 'retries: -1'), '$F:10:14 steps[1].retries: must be >= 0, got number -1'],
    [
      'parallel 0',
      edit('    register: said', '    register: said\n    parallel: 0'),
      '$F:8:15 steps[0].parallel: must be >= 1, got number 0',
    ],
    [
      'a timeout that is not a duration',
      edit('    retries: 2', '    retries: 2\n    timeout: soon'),
      '$F:11:14 steps[1].timeout: must be a duration like 90s, 5m or 1h30m, got "soon"',
    ],
    [
      'a zero delay',
      edit('    retries: 2', '    retries: 2\n    delay: 0'),
      '$F:11:12 steps[1].delay: cannot be 0 (leave it out for the 5s default)',
    ],
    [
      'a delay without retries',
      edit('    register: said', '    register: said\n    delay: 5s'),
      '$F:8:5 steps[0].delay: has no effect without retries or until',
    ],
    [
      'ignore_errors that is text',
      edit('    register: said', '    register: said\n    ignore_errors: sometimes'),
      '$F:8:20 steps[0].ignore_errors: must be a boolean (true or false), got string "sometimes"',
    ],
    [
      'a bad loop variable name',
      edit('    register: said', '    register: said\n    loop: [1, 2]\n    loop_var: 2nd'),
      '$F:9:15 steps[0].loop_var: must be a name like vm or spm_result',
    ],
    [
      'module arguments of the wrong type',
      edit('{ for: 1s }', '{ for: [1s] }'),
      '$F:9:18 steps[1].wait.for: must be a string or a number, got a list',
    ],
    [
      'an unknown module argument',
      edit('echo: { msg: "{{ greeting }} {{ host.name }}" }', 'local.command: { cmd: ls, shel: bash }'),
      '$F:6:31 steps[0].local.command.shel: unknown key "shel" (did you mean shell?)',
    ],
    [
      'a module argument with a bad alternative type',
      edit('echo: { msg: "{{ greeting }} {{ host.name }}" }', 'local.command: { cmd: 5 }'),
      '$F:6:27 steps[0].local.command.cmd: must be a string or a list, got number 5',
    ],
    [
      'a module argument with a bad item',
      edit('echo: { msg: "{{ greeting }} {{ host.name }}" }', 'local.command: { cmd: [ls, 5] }'),
      '$F:6:32 steps[0].local.command.cmd[1]: must be a string, got number 5',
    ],
    [
      'an rto that is not a duration',
      edit('name: drill', 'name: drill\nrto: soon'),
      '$F:2:6 rto: must be a duration like 90s, 5m or 1h30m, got "soon"',
    ],
    [
      'an include of a missing file',
      edit(SECOND_STEP, '  - include: nowhere.yaml\n' + SECOND_STEP),
      `$F:8:14 steps[1].include: cannot include $D/nowhere.yaml: no such file`,
    ],
    [
      'an include cycle',
      edit(SECOND_STEP, '  - include: loop-a.yaml\n' + SECOND_STEP),
      '$D/loop-b.yaml:3:14 steps[0].include: include cycle: $D/loop-a.yaml -> $D/loop-b.yaml -> $D/loop-a.yaml',
    ],
    [
      'a runbook including itself',
      edit(SECOND_STEP, '  - include: drill.yaml\n' + SECOND_STEP),
      '$F:8:14 steps[1].include: include cycle: $F -> $F',
    ],
    [
      'an include with an unknown key',
      edit(SECOND_STEP, '  - include: included.yaml\n    hosts: all\n' + SECOND_STEP),
      '$F:9:5 steps[1].hosts: unknown key "hosts" (known: include, id, when, tags, vars)',
    ],
    [
      'a problem inside an included file',
      edit(SECOND_STEP, '  - include: bad-include.yaml\n' + SECOND_STEP),
      '$I:3:9 steps[0].id: must be lowercase letters, digits, ".", "_" and "-", starting with a letter or digit',
    ],
  ])('reports %s', async (_what, text, expected) => {
    const problems = await problemsOf(text);
    const shownDir = displayPath(dir);
    expect(problems).toEqual([expected.replace(/\$F/g, FILE).replace(/\$I/g, INC).replace(/\$D/g, shownDir)]);
    expect(problems.join('\n')).not.toContain('    at ');
  });
});

describe('a runbook with several problems', () => {
  it('reports a misspelt module argument as unknown even when its value is a template', async () => {
    expect(await problemsOf(edit('{ msg: "', '{ mesage: "'))).toEqual([
      `${FILE}:6:11 steps[0].echo: missing required key "msg"`,
      `${FILE}:6:13 steps[0].echo.mesage: unknown key "mesage" (known: msg)`,
    ]);
  });

  it('reports all of them at once, in reading order', async () => {
    const text = BASE.replace('name: drill\n', '')
      .replace('hosts: site:primary', 'hosts: site:primay')
      .replace('{{ host.name }}', '{{ hots.name }}')
      .replace('id: second', 'id: first')
      .replace('retries: 2', 'retries: three')
      .replace('wait: {', 'wiat: {');
    expect(await problemsOf(text)).toEqual([
      `${FILE}:1:1 missing required key "name"`,
      `${FILE}:4:12 steps[0].hosts: no site "primay" in inventory (known: primary, secondary)`,
      `${FILE}:5:18 steps[0].echo.msg: undefined variable "hots" (did you mean host?) in "{{ greeting }} {{ hots.name }}"`,
      `${FILE}:7:9 steps[1].id: duplicate step id "first" (first at ${FILE}:3 steps[0])`,
      `${FILE}:8:5 steps[1].wiat: unknown module "wiat" (did you mean wait?)`,
      `${FILE}:9:14 steps[1].retries: must be an integer, got string "three"`,
    ]);
  });
});
