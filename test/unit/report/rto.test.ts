import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeRto, markWithinRto, resolveRto } from '../../../src/report/rto';
import type { JudgeContext } from '../../../src/report/rto';
import type { VmMove } from '../../../src/report/types';
import { digestFile } from '../../../src/runs/digest';
import { makeRunStarted, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('runbook-rto-');
});
afterEach(() => dir.remove());

/** A run.started naming a runbook and an inventory in the temp dir with these contents (undefined: no file). */
function startedWith(runbookYaml: string | undefined, inventoryYaml: string | undefined) {
  const runbook = join(dir.path, 'drill.yaml');
  const inventory = join(dir.path, 'inv.yaml');
  if (runbookYaml !== undefined) writeFileSync(runbook, runbookYaml);
  if (inventoryYaml !== undefined) writeFileSync(inventory, inventoryYaml);
  return makeRunStarted({
    cwd: dir.path,
    runbook: {
      name: 'drill',
      path: 'drill.yaml',
      files: runbookYaml === undefined ? [] : [{ path: runbook, sha256: digestFile(runbook) }],
    },
    inventory: { name: 'inv', path: 'inv.yaml', sha256: inventoryYaml === undefined ? '' : digestFile(inventory) },
  });
}

describe('resolveRto', () => {
  it.each([
    ['the runbook', 'name: d\nrto: 5m\nsteps: []\n', 'name: i\nrto: 10m\n', 300_000, 'runbook'],
    ['the inventory when the runbook has none', 'name: d\nsteps: []\n', 'name: i\nrto: 90s\n', 90_000, 'inventory'],
    ['a bare number as seconds', 'name: d\nrto: 120\n', undefined, 120_000, 'runbook'],
  ])('re-reads the RTO from %s', (_what, runbook, inventory, ms, source) => {
    expect(resolveRto(startedWith(runbook, inventory))).toEqual({ ms, source, notes: [] });
  });

  it('prefers the RTO recorded in run.started over the files', () => {
    const started = { ...startedWith('rto: 5m\n', undefined), rtoMs: 42_000, rtoSource: 'inventory' as const };
    expect(resolveRto(started)).toEqual({ ms: 42_000, source: 'inventory', notes: [] });
  });

  it('finds no RTO when neither file has one, or the files are gone', () => {
    expect(resolveRto(startedWith('name: d\n', 'name: i\n'))).toEqual({ source: 'none', notes: [] });
    expect(resolveRto(startedWith(undefined, undefined))).toEqual({ source: 'none', notes: [] });
  });

  it('notes an rto that is not a duration and takes none from that file', () => {
    const resolved = resolveRto(startedWith('rto: soon\n', 'rto: 1m\n'));
    expect(resolved).toMatchObject({ ms: 60_000, source: 'inventory' });
    expect(resolved.notes).toEqual([
      `${join(dir.path, 'drill.yaml')}: rto: "soon" is not a duration (e.g. 5m, 90s); no RTO taken from it`,
    ]);
  });

  it('notes a runbook that changed since the run', () => {
    const started = startedWith('rto: 5m\n', undefined);
    writeFileSync(join(dir.path, 'drill.yaml'), 'rto: 7m\n');
    expect(resolveRto(started)).toEqual({
      ms: 420_000,
      source: 'runbook',
      notes: [
        `the runbook ${join(dir.path, 'drill.yaml')} changed since the run; its RTO was read from the current file`,
      ],
    });
  });

  it('notes a runbook that is not YAML', () => {
    const resolved = resolveRto(startedWith('rto: [5m\n', undefined));
    expect(resolved.source).toBe('none');
    expect(resolved.notes[0]).toMatch(/^cannot read the RTO of the runbook .*drill\.yaml: /);
  });
});

describe('judgeRto', () => {
  const move = (name: string, recoveryMs: number | undefined, phase: VmMove['phase'] = 'failover'): VmMove => ({
    name,
    phase,
    stepId: 'w',
    leftAt: 0,
    outcome: recoveryMs === undefined ? 'not_recovered' : 'recovered',
    ...(recoveryMs === undefined ? {} : { upAt: recoveryMs, recoveryMs }),
  });
  const RTO = { ms: 60_000, source: 'runbook' as const, notes: [] };
  const context = (extra: Partial<JudgeContext> = {}): JudgeContext => ({
    waits: [],
    failback: [],
    isDrill: true,
    ...extra,
  });

  it('counts a recovery exactly at the RTO as within it', () => {
    const moves = markWithinRto([move('a', 60_000)], 60_000);
    expect(judgeRto(RTO, moves, context()).verdict).toBe('pass');
  });

  it('does not judge failback moves against the RTO', () => {
    const moves = [move('a', 1_000), move('b', 999_000, 'failback')];
    const judged = judgeRto(RTO, markWithinRto(moves, 60_000), context());
    expect(judged).toEqual({ ms: 60_000, source: 'runbook', verdict: 'pass', reasons: [] });
  });

  it('fails a wait that failed, naming its step, phase and error', () => {
    const waits = [
      { stepId: 'w', phase: 'failover' as const, condition: 'spm_on_site', status: 'failed' as const, error: 'boom' },
    ];
    expect(judgeRto({ source: 'none', notes: [] }, [], context({ waits }))).toEqual({
      source: 'none',
      verdict: 'fail',
      reasons: ['step "w" (olvm.wait spm_on_site, failover) failed: boom'],
    });
  });

  it('fails a VM not recovered and a VM not measured, with the reason the wait recorded, even without an RTO', () => {
    const moves: VmMove[] = [
      { ...move('a', undefined), why: 'down, not on site secondary; the engine: Failed to restart VM a on Host b1' },
      { ...move('b', undefined), outcome: 'not_measured', upAt: undefined, why: 'already there' },
      move('c', 5_000),
    ];
    expect(judgeRto({ source: 'none', notes: [] }, moves, context()).reasons).toEqual([
      'a never ran again on the other site: down, not on site secondary; the engine: Failed to restart VM a on Host b1',
      'b runs on the other site, but its recovery was not measured: already there',
    ]);
  });

  it('fails a drill that stopped at a precondition, before it measured anything, instead of NO DATA', () => {
    const stopped = { stepId: 'ready', module: 'check.capacity', error: 'no room', isPrecondition: true };
    expect(judgeRto(RTO, [], context({ stopped }))).toEqual({
      ms: 60_000,
      source: 'runbook',
      verdict: 'fail',
      reasons: ['a precondition was not met, so the drill never failed over: step "ready" (check.capacity): no room'],
    });
    expect(judgeRto(RTO, [], context({ stopped, isDrill: false })).verdict).toBe('no-data');
  });

  it('fails a drill whose failback did not bring a VM home', () => {
    const judged = judgeRto(RTO, [move('a', 1_000)], context({ failback: [move('a', undefined, 'failback')] }));
    expect(judged.reasons).toEqual(['failback: a did not come home']);
  });
});
