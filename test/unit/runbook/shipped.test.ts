import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import { modules } from '../../../src/modules/registry';
import { loadRunbook } from '../../../src/runbook/load';

const RUNBOOKS = readdirSync('runbooks').filter((name) => name.endsWith('.yaml'));
const INVENTORIES = readdirSync('inventories').filter((name) => name.endsWith('.yaml'));
/** A standalone install needs the engine machine, which a self-hosted inventory does not have (tested below). */
const isMismatch = (runbook: string, inventory: string) =>
  runbook === 'install-standalone.yaml' && inventory === 'lab-self-hosted.yaml';
const PAIRS = RUNBOOKS.flatMap((runbook) =>
  INVENTORIES.filter((inventory) => !isMismatch(runbook, inventory)).map((inventory) => [runbook, inventory] as const)
);

async function load(runbook: string, inventoryFile = 'lab.yaml') {
  const inventory = await loadInventory(nodePath.join('inventories', inventoryFile), { stateDir: '/var/lib/lab' });
  return loadRunbook(nodePath.join('runbooks', runbook), { inventory, modules });
}

describe('the shipped runbooks', () => {
  it('are the ones the README and the docs name', () => {
    expect(RUNBOOKS).toEqual(
      expect.arrayContaining([
        'preflight.yaml',
        'install-standalone.yaml',
        'install-self-hosted.yaml',
        'dr-drill.yaml',
        'dr-drill-site-outage.yaml',
      ])
    );
  });

  it.each(PAIRS)('runbooks/%s loads against inventories/%s without a problem', async (runbook, inventory) => {
    await expect(load(runbook, inventory)).resolves.toMatchObject({ name: expect.any(String) });
  });

  it('says where install-standalone.yaml needs the engine machine a self-hosted inventory lacks', async () => {
    await expect(load('install-standalone.yaml', 'lab-self-hosted.yaml')).rejects.toMatchObject({
      message: expect.stringContaining('steps[1].hosts: "engine" needs engine.host in the inventory'),
    });
  });

  it.each(RUNBOOKS)('runbooks/%s starts with the schema modeline for editors', (name) => {
    const firstLine = readFileSync(nodePath.join('runbooks', name), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=../schemas/runbook.schema.json');
  });

  it('asks before the drill takes the primary site away, and nowhere else', async () => {
    for (const name of ['dr-drill.yaml', 'dr-drill-site-outage.yaml']) {
      const asked = (await load(name)).steps.filter((step) => step.confirm !== undefined).map((step) => step.id);
      expect(asked).toEqual([name === 'dr-drill.yaml' ? 'failover' : 'outage']);
    }
    for (const name of ['install-standalone.yaml', 'install-self-hosted.yaml', 'preflight.yaml']) {
      expect((await load(name)).steps.some((step) => step.confirm !== undefined)).toBe(false);
    }
  });

  it.each([
    [
      'install-standalone.yaml',
      ['olvm.host', 'olvm.spm', 'olvm.vm', 'olvm.affinity_group', 'ssh.package', 'ssh.template'],
    ],
    ['install-self-hosted.yaml', ['olvm.host', 'olvm.spm', 'olvm.vm', 'olvm.affinity_group', 'ssh.command']],
    ['dr-drill.yaml', ['olvm.host', 'olvm.wait', 'olvm.spm', 'check.ha_readiness']],
  ])('%s runs the procedure through %j and ends with the verification', async (name, used) => {
    const runbook = await load(name);
    const moduleNames = new Set(runbook.steps.map((step) => step.module));
    for (const module of used) expect(moduleNames).toContain(module);
    expect(runbook.steps.at(-1)?.id).toBe('verify/at-rest');
  });
});
