import * as nodePath from 'node:path';
import { knobDefault, resolveLabKnobs } from '../../../src/inventory/lab-knob-values';
import { knobYamlName, LAB_KNOB_NAMES, LAB_KNOBS } from '../../../src/inventory/lab-knobs';
import { parseInventory } from '../../../src/inventory/load';
import { formatProblem, ValidationError } from '../../../src/shared/errors';

const FILE = 'inventories/knobs.yaml';

function inventoryWithLab(lab: string): string {
  return `name: test
lab:
${lab}
engine: { kind: standalone, url: http://127.0.0.1:18180/ovirt-engine/api }
cluster: { name: stretch, data_center: dc1 }
sites:
  primary: { hosts: { kvm-a1: { address: 127.10.1.11 } } }
  secondary: { hosts: { kvm-b1: { address: 127.10.2.21 } } }
`;
}

function problemsOf(text: string): string[] {
  try {
    parseInventory(text, nodePath.resolve(FILE));
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('lab knobs in the inventory', () => {
  it('reads the knobs an inventory sets, in milliseconds, and only those', () => {
    const text = inventoryWithLab('  knobs: { host_refresh: 2s, host_grace: 90, ha_short_tries: 3 }');
    const inventory = parseInventory(text, nodePath.resolve(FILE));
    expect(inventory.lab?.knobs).toEqual({ hostRefresh: 2_000, hostGrace: 90_000, haShortTries: 3 });
  });

  it('leaves knobs out of a lab that sets none', () => {
    const inventory = parseInventory(inventoryWithLab('  speed: 60'), nodePath.resolve(FILE));
    expect(inventory.lab).toEqual({ latencyMs: 2, speed: 60, seed: 42 });
  });

  it.each<[string, string, string]>([
    [
      'an unknown knob, with the closest name',
      '  knobs: { host_refrsh: 3s }',
      `${FILE}:3:12 lab.knobs.host_refrsh: unknown key "host_refrsh" (did you mean host_refresh?)`,
    ],
    [
      'a duration that is not one',
      '  knobs:\n    host_grace: soon',
      `${FILE}:4:17 lab.knobs.host_grace: must be a duration like 90s, 5m or 1h30m, got "soon"`,
    ],
    [
      'a duration below its minimum',
      '  knobs: { host_refresh: 10ms }',
      `${FILE}:3:26 lab.knobs.host_refresh: must be at least 100ms, got 10ms`,
    ],
    [
      'a count that is not an integer',
      '  knobs: { ha_short_tries: 2.5 }',
      `${FILE}:3:28 lab.knobs.ha_short_tries: must be an integer, got number 2.5`,
    ],
  ])('refuses %s, naming file:line:col', (_case, lab, expected) => {
    expect(problemsOf(inventoryWithLab(lab))).toEqual([expected]);
  });

  it('reports every bad knob at once', () => {
    expect(problemsOf(inventoryWithLab('  knobs: { host_grace: x, vm_launch: y, spm_contnd: 1s }'))).toHaveLength(3);
  });

  it('resolves the engine defaults, overridden by what the inventory sets', () => {
    const knobs = resolveLabKnobs({ hostGrace: 90_000 });
    expect(knobs.hostGrace).toBe(90_000);
    expect(knobs.hostRefresh).toBe(3_000);
    expect(knobs.hostGraceSpm).toBe(20_000);
    expect(knobs.maintenanceRetry).toBe(300_000);
    expect(Object.keys(knobs).sort()).toEqual([...LAB_KNOB_NAMES].sort());
  });

  it.each(LAB_KNOB_NAMES)('%s has a readable default, a description and a source', (name) => {
    const spec = LAB_KNOBS[name];
    expect(knobDefault(name)).toBeDefined();
    expect(spec.description.length).toBeGreaterThan(10);
    expect(spec.source).toMatch(/CONFIG|ENGINE|BLL|VDSB|VDSM|SANLOCK|HE-HA|LIBVIRT|lab choice/);
    expect(knobYamlName(name)).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});
