/**
 * The lab's save before it answers (src/lab/saver.ts): nothing is written when nothing changed, answers waiting
 * together share one save, and what a save writes holds every change made before the answers it covers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabEngine } from '../../../src/lab';
import type { LabEngine } from '../../../src/lab';
import * as persist from '../../../src/lab/world/persist';
import { makeInventory } from '../../helpers/inventory';

let dir: string;
let lab: LabEngine;
let saves: jest.SpyInstance;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-saver-'));
  lab = await startLabEngine({
    inventory: makeInventory(),
    stateDir: dir,
    port: 0,
    https: false,
    speed: 0,
    preinstalled: true,
  });
  await lab.saveIfChanged();
  saves = jest.spyOn(persist, 'saveWorldState');
});

afterEach(async () => {
  saves.mockRestore();
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

function savedDescription(name: string): unknown {
  const world = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8')) as {
    vms: { name: string; description?: string }[];
  };
  return world.vms.find((vm) => vm.name === name)?.description;
}

it('writes nothing when nothing changed since the last save', async () => {
  await Promise.all([lab.saveIfChanged(), lab.saveIfChanged()]);
  expect(saves).not.toHaveBeenCalled();
});

it('answers waiting together share one save, which holds the changes made before each of them', async () => {
  const [first, second] = lab.world.state.vms;
  const waits = [first!, second!].map((vm, i) => {
    vm.description = `changed ${i}`;
    lab.markChanged();
    return lab.saveIfChanged();
  });
  await Promise.all(waits);
  expect(saves).toHaveBeenCalledTimes(1);
  expect([savedDescription(first!.name), savedDescription(second!.name)]).toEqual(['changed 0', 'changed 1']);
});

it('a change after a save started gets a save of its own', async () => {
  const vm = lab.world.state.vms[0]!;
  lab.markChanged();
  const before = lab.saveIfChanged();
  await before;
  vm.description = 'after';
  lab.markChanged();
  await lab.saveIfChanged();
  expect(saves).toHaveBeenCalledTimes(2);
  expect(savedDescription(vm.name)).toBe('after');
});

it('a task the clock fires counts as a change', async () => {
  lab.world.powerOff('secondary');
  await lab.saveIfChanged(); // not counted: the change came outside the API (a test's own power cut)
  const fired = lab.clock.revision;
  lab.clock.advance(10 * 60_000); // the engine notices the lost hosts: monitoring tasks fire
  expect(lab.clock.revision).toBeGreaterThan(fired);
  saves.mockClear();
  await lab.saveIfChanged();
  expect(saves).toHaveBeenCalledTimes(1);
});
