import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import type { Inventory } from '../../../src/inventory/types';
import { modules } from '../../../src/modules/registry';
import { loadRunbook, resolveRunbookPath } from '../../../src/runbook/load';
import { displayPath } from '../../../src/shared/paths';
import { removeTestdirs, testdir } from '../../helpers/testdir';

afterAll(removeTestdirs);

let inventory: Inventory;
beforeAll(async () => {
  inventory = await loadInventory('inventories/lab.yaml');
});

const MAIN = `# yaml-language-server: $schema=../schemas/runbook.schema.json
name: Drill
description: Fail over and back
rto: 5m
vars: { greeting: hello }
steps:
  - include: checks/pre.yaml
    when: "{{ greeting == 'hello' }}"
    tags: [pre]
    vars: { who: world }
  - id: say
    name: Say hello
    hosts: site:primary, !kvm-a2
    echo: { msg: "{{ greeting }} from {{ host.name }} after {{ checked }}" }
    register: said
    tags: drill
    parallel: 2
    timeout: 2m
    ignore_errors: true
    confirm: Really say it?
  - id: per-vm
    loop: "{{ vms | selectattr('site', 'equalto', 'primary') | list }}"
    loop_var: vm
    loop_key: "{{ vm.name }}"
    echo: { msg: "{{ vm.name }}" }
  - id: settle
    wait: { for: 1s }
    register: settled
    until: settled is defined
    delay: 2s
`;

const PRE = `name: Preflight
vars: { level: 1 }
steps:
  - id: check
    when: level > 0
    echo: { msg: "{{ who }} {{ level }}" }
    register: checked
  - include: deeper.yaml
    id: deep
`;

const DEEPER = `name: Deeper
steps:
  - id: leaf
    when: true
    echo: { msg: "{{ who }}" }
`;

async function loadMain() {
  const dir = await testdir({ 'drill.yaml': MAIN, 'checks/pre.yaml': PRE, 'checks/deeper.yaml': DEEPER });
  return { dir, runbook: await loadRunbook(nodePath.join(dir, 'drill.yaml'), { modules, inventory }) };
}

describe('loadRunbook', () => {
  it('loads the runbook and every included file, in order', async () => {
    const { dir, runbook } = await loadMain();
    expect(runbook.name).toBe('Drill');
    expect(runbook.description).toBe('Fail over and back');
    expect(runbook.path).toBe(nodePath.join(dir, 'drill.yaml'));
    expect(runbook.rtoMs).toBe(300_000);
    expect(runbook.vars).toEqual({ greeting: 'hello' });
    expect(runbook.files).toEqual(
      ['drill.yaml', 'checks/pre.yaml', 'checks/deeper.yaml'].map((f) => nodePath.join(dir, f))
    );
    expect(runbook.steps.map((s) => s.id)).toEqual(['pre/check', 'pre/deep/leaf', 'say', 'per-vm', 'settle']);
  });

  it('applies an include’s when, tags and vars to its steps, nesting prefixes', async () => {
    const { dir, runbook } = await loadMain();
    const [check, leaf] = runbook.steps;
    expect(check).toEqual({
      id: 'pre/check',
      module: 'echo',
      args: { msg: '{{ who }} {{ level }}' },
      when: "(greeting == 'hello') and (level > 0)",
      register: 'checked',
      ignoreErrors: false,
      tags: ['pre'],
      vars: { level: 1, who: 'world' },
      source: { file: displayPath(nodePath.join(dir, 'checks/pre.yaml')), line: 4, column: 5 },
    });
    expect(leaf).toMatchObject({ id: 'pre/deep/leaf', when: "(greeting == 'hello') and (true)", tags: ['pre'] });
  });

  it('normalizes every step field', async () => {
    const { dir, runbook } = await loadMain();
    const [, , say, perVm, settle] = runbook.steps;
    expect(say).toEqual({
      id: 'say',
      name: 'Say hello',
      module: 'echo',
      args: { msg: '{{ greeting }} from {{ host.name }} after {{ checked }}' },
      hosts: 'site:primary, !kvm-a2',
      register: 'said',
      timeoutMs: 120_000,
      ignoreErrors: true,
      confirm: 'Really say it?',
      tags: ['drill'],
      parallel: 2,
      source: { file: displayPath(nodePath.join(dir, 'drill.yaml')), line: 11, column: 5 },
    });
    expect(perVm?.loop).toEqual({
      items: "{{ vms | selectattr('site', 'equalto', 'primary') | list }}",
      as: 'vm',
      key: '{{ vm.name }}',
    });
    expect(settle?.retry).toEqual({ retries: 3, delayMs: 2000, until: 'settled is defined' });
  });

  it('loads without modules or an inventory, checking only what it can', async () => {
    const dir = await testdir({
      'r.yaml': 'name: r\nsteps:\n  - id: a\n    hosts: anything-goes\n    some.module: { x: 1 }\n',
    });
    const runbook = await loadRunbook(nodePath.join(dir, 'r.yaml'));
    expect(runbook.steps[0]).toMatchObject({ module: 'some.module', args: { x: 1 }, hosts: 'anything-goes' });
  });

  it('knows -e variables: a template may use one the runbook does not declare, and it overrides a declared one', async () => {
    const dir = await testdir({
      'r.yaml':
        'name: r\nvars: { greeting: hi }\nsteps:\n  - id: a\n    echo: { msg: "{{ greeting }} {{ target_dir }}" }\n',
    });
    const path = nodePath.join(dir, 'r.yaml');
    await expect(loadRunbook(path, { modules })).rejects.toThrow('target_dir');
    const runbook = await loadRunbook(path, { modules, extraVars: { target_dir: '/srv', greeting: 'hello' } });
    expect(runbook.vars).toEqual({ greeting: 'hello', target_dir: '/srv' });
  });

  it('accepts a module argument written as a template where the schema wants another type', async () => {
    const dir = await testdir({
      'r.yaml':
        'name: r\nvars: { t: 5 }\nsteps:\n  - id: a\n    wait: { for: "{{ t }}" }\n  - id: b\n    wait: "{{ {\'for\': t} }}"\n',
    });
    const runbook = await loadRunbook(nodePath.join(dir, 'r.yaml'), { modules });
    expect(runbook.steps.map((s) => s.args)).toEqual([{ for: '{{ t }}' }, "{{ {'for': t} }}"]);
  });
});

describe('resolveRunbookPath', () => {
  it.each([
    ['drill.yaml', 'drill.yaml'],
    ['sub/x.yaml', 'sub/x.yaml'],
    ['preflight.yaml', 'runbooks/preflight.yaml'],
    ['preflight', 'runbooks/preflight.yaml'],
    ['other', 'runbooks/other.yml'],
    ['missing.yaml', 'missing.yaml'],
    ['runbooks/missing.yaml', 'runbooks/missing.yaml'],
  ])('resolves %p to %p', async (name, expected) => {
    const dir = await testdir({
      'drill.yaml': 'x',
      'sub/x.yaml': 'x',
      'runbooks/preflight.yaml': 'x',
      'runbooks/drill.yaml': 'x',
      'runbooks/other.yml': 'x',
    });
    expect(resolveRunbookPath(name, dir)).toBe(nodePath.join(dir, expected));
  });
});
