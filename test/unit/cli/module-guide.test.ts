import { MODULE_GUIDES } from '../../../src/cli/module-guide';
import { loadInventory } from '../../../src/inventory/load';
import { moduleNames, modules } from '../../../src/modules/registry';
import { loadRunbook } from '../../../src/runbook/load';
import { removeTestdirs, testdir } from '../../helpers/testdir';
import * as nodePath from 'node:path';

afterAll(removeTestdirs);

describe('the module guide (runbook doc, docs/modules.md)', () => {
  it('has an entry for every module and none for a module that does not exist', () => {
    expect(Object.keys(MODULE_GUIDES).sort()).toEqual(moduleNames());
  });

  it.each(Object.entries(MODULE_GUIDES))(
    '%s: its example is a valid step on the lab inventory',
    async (name, guide) => {
      const inventory = await loadInventory('inventories/lab.yaml');
      const text = `name: example\nsteps:\n${guide.example.replace(/^/gm, '  ')}\n`;
      const dir = await testdir({ 'example.yaml': text });
      const runbook = await loadRunbook(nodePath.join(dir, 'example.yaml'), { inventory, modules });
      expect(runbook.steps.map((step) => step.module)).toEqual([name]);
    }
  );
});
