import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRto } from '../../../src/report/rto';
import { makeRunStarted } from '../../../src/runs/session';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('runbook-recorded-rto-');
});
afterEach(() => dir.remove());

/** run.started as `runbook exec` makes it, for a runbook and an inventory with these RTOs. */
function startedFor(runbookRto: number | undefined, inventoryRto: number | undefined) {
  const runbook = join(dir.path, 'drill.yaml');
  const inventory = join(dir.path, 'lab.yaml');
  writeFileSync(runbook, 'name: drill\nsteps: []\n');
  writeFileSync(inventory, 'name: lab\n');
  return makeRunStarted('2025-11-25T03-00-00.000Z-0000', {
    stateDir: dir.path,
    inputs: {
      runbook: {
        name: 'drill',
        path: runbook,
        files: [runbook],
        ...(runbookRto === undefined ? {} : { rtoMs: runbookRto }),
      },
      inventory: { name: 'lab', path: inventory, ...(inventoryRto === undefined ? {} : { rtoMs: inventoryRto }) },
    },
    argv: [],
    isDryRun: false,
    version: '0.0.0',
    cwd: dir.path,
  });
}

describe('the RTO recorded in run.started', () => {
  it.each([
    [300_000, 600_000, { rtoMs: 300_000, rtoSource: 'runbook' }],
    [undefined, 600_000, { rtoMs: 600_000, rtoSource: 'inventory' }],
    [undefined, undefined, {}],
  ])('with runbook rto %p and inventory rto %p is %p', (runbookRto, inventoryRto, recorded) => {
    const started = startedFor(runbookRto, inventoryRto);
    expect({ rtoMs: started.rtoMs, rtoSource: started.rtoSource }).toEqual({
      rtoMs: undefined,
      rtoSource: undefined,
      ...recorded,
    });
  });

  it('is what the report judges against, naming where it came from', () => {
    expect(resolveRto(startedFor(undefined, 600_000))).toEqual({ ms: 600_000, source: 'inventory', notes: [] });
  });
});
