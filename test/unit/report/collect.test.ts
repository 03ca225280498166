import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDrillReport, NotARunJournalError } from '../../../src/report/collect';
import { journalPathOf } from '../../../src/runs/paths';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';
import {
  DRILL_STEPS,
  drillEvents,
  E0,
  FAILBACK_RESULT,
  FAILOVER_RESULT,
  RUN_ID,
  SPM_RESULT,
  stepEvents,
  T0,
  writeRun,
} from '../../helpers/drill-journal';
import type { StepSpec } from '../../helpers/drill-journal';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('runbook-report-');
});
afterEach(() => dir.remove());

function replaceStep(id: string, change: Partial<StepSpec>): StepSpec[] {
  return DRILL_STEPS.map((s) => (s.id === id ? { ...s, ...change } : s));
}

describe('collectDrillReport', () => {
  it('takes every VM recovery figure from the wait results own engine timestamps', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    const expected = FAILOVER_RESULT.vms!.map((vm) => ({
      name: vm.name,
      leftAt: vm.left_at,
      upAt: vm.up_at,
      recoveryMs: (vm.up_at as number) - (vm.left_at as number),
      fromHost: vm.from_host,
      toHost: vm.to_host,
      how: vm.how,
    }));
    for (const want of expected) expect(report.recoveries).toContainEqual(expect.objectContaining(want));
    expect(report.recoveries.map((m) => [m.name, m.recoveryMs])).toEqual([
      ['app-1', 94_000],
      ['db-1', 41_000],
      ['web-1', 18_500],
    ]);
  });

  it('reports the SPM handover of both phases with its engine times', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    expect(report.spm).toEqual([
      {
        phase: 'failover',
        stepId: 'wait-spm',
        fromHost: 'kvm-a1',
        toHost: 'kvm-b1',
        lostAt: E0 + 1_000,
        electedAt: E0 + 30_000,
        handoverMs: 29_000,
      },
      {
        phase: 'failback',
        stepId: 'wait-failback',
        fromHost: 'kvm-b1',
        toHost: 'kvm-a1',
        lostAt: E0 + 202_000,
        electedAt: E0 + 210_000,
        handoverMs: 8_000,
      },
    ]);
  });

  describe('the engine VM', () => {
    const seenAway = { name: 'HostedEngine', host_at_start: 'kvm-b1', host_at_end: 'kvm-b1', status: 'up', moves: [] };
    const waitsSawItAway = replaceStep('wait-failback', { result: { ...FAILBACK_RESULT, engine_vm: seenAway } });
    const engineHome = {
      id: 'engine-home',
      module: 'olvm.engine_vm',
      at: 170_000,
      took: 6_000,
      result: { name: 'HostedEngine', host: 'kvm-a1', site: 'primary', from_host: 'kvm-b1', moved_at: E0 + 400_000 },
    };

    it('is reported where the last wait saw it when no step moved it afterwards', async () => {
      const report = collectDrillReport(await writeRun(dir.path, drillEvents(waitsSawItAway)));
      expect(report.site.engineVm).toEqual({
        name: 'HostedEngine',
        hostBefore: 'kvm-b1',
        hostAfter: 'kvm-b1',
        moves: [],
      });
    });

    it('adds the move an olvm.engine_vm step made after the last wait, and where it is now', async () => {
      const report = collectDrillReport(await writeRun(dir.path, drillEvents([...waitsSawItAway, engineHome])));
      expect(report.site.engineVm).toEqual({
        name: 'HostedEngine',
        hostBefore: 'kvm-b1',
        hostAfter: 'kvm-a1',
        moves: [{ fromHost: 'kvm-b1', toHost: 'kvm-a1', at: E0 + 400_000, how: 'migrated', by: 'polling' }],
      });
    });
  });

  it('puts vms_home results in the failback, slowest first, without judging them', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(), RUN_ID));
    expect(report.failback.map((m) => [m.name, m.leftAt, m.upAt, m.recoveryMs, m.isWithinRto])).toEqual([
      ['db-1', E0 + 200_000, E0 + 230_000, 30_000, undefined],
      ['web-1', E0 + 201_000, E0 + 213_000, 12_000, undefined],
    ]);
    expect(report.waits.find((w) => w.stepId === 'wait-failback')).toMatchObject({
      phase: 'failback',
      condition: 'vms_home',
      startedAt: FAILBACK_RESULT.started_at,
      finishedAt: FAILBACK_RESULT.finished_at,
      elapsedMs: 31_000,
    });
  });

  it('counts an SPM election reported by two waits of a phase once, under the first', async () => {
    const spm = { ...SPM_RESULT.spm! };
    const steps = replaceStep('wait-failover', { result: { ...FAILOVER_RESULT, spm } });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.spm.filter((h) => h.phase === 'failover')).toEqual([
      expect.objectContaining({ stepId: 'wait-spm', toHost: 'kvm-b1', handoverMs: 29_000 }),
    ]);
  });

  it('notes the VMs a wait found already in place, untimed', async () => {
    const steps = replaceStep('wait-failover', { result: { ...FAILOVER_RESULT, unmoved: ['web-2', 'web-3'] } });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.notes).toEqual([
      'step "wait-failover": already in place when the wait began, so not timed: web-2, web-3',
    ]);
    expect(report.recoveries).toHaveLength(3);
  });

  it('builds the step timeline from the journal times of the control machine', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    expect(report.steps.map((s) => [s.stepId, s.startedAt - T0, s.finishedAt! - T0, s.status, s.tasks.length])).toEqual(
      [
        ['preflight', 100, 1_000, 'changed', 1],
        ['maintenance-primary', 1_000, 5_000, 'changed', 2],
        ['wait-spm', 5_000, 34_700, 'ok', 1],
        ['wait-failover', 34_700, 130_200, 'ok', 1],
        ['activate-primary', 130_200, 133_200, 'changed', 2],
        ['wait-failback', 133_200, 164_200, 'ok', 1],
      ]
    );
    expect(report).toMatchObject({ runId: RUN_ID, status: 'ok', startedAt: T0, finishedAt: T0 + 164_250 });
  });

  it('names who ran and who resumed the run', async () => {
    const events = drillEvents();
    events.splice(3, 0, {
      type: 'run.resumed',
      runId: RUN_ID,
      at: T0 + 50,
      argv: ['exec', '--resume'],
      user: 'ana',
      machine: 'box2',
      finishedTasks: 1,
      isForced: false,
    });
    const report = collectDrillReport(await writeRun(dir.path, events));
    expect(report.sessions.map((s) => [s.kind, s.user, s.machine])).toEqual([
      ['started', 'ops', 'box'],
      ['resumed', 'ana', 'box2'],
    ]);
  });

  it.each([
    [60_000, 'fail', [true, false, true]],
    [120_000, 'pass', [true, true, true]],
    [94_000, 'pass', [true, true, true]],
  ])('judges the failover against an RTO of %p ms as %s', async (rtoMs, verdict, within) => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs })));
    expect(report.rto).toMatchObject({ ms: rtoMs, source: 'runbook', verdict });
    const byName = Object.fromEntries(report.recoveries.map((m) => [m.name, m.isWithinRto]));
    expect([byName['db-1'], byName['app-1'], byName['web-1']]).toEqual(within);
  });

  it('names each VM over the RTO among the reasons', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 30_000 })));
    expect(report.rto.reasons).toEqual([
      'app-1 took 1m34s, over the RTO of 30.0s',
      'db-1 took 41.0s, over the RTO of 30.0s',
    ]);
  });

  it('records that the RTO came from the inventory when the run says so', async () => {
    const started = { rtoMs: 300_000, rtoSource: 'inventory' as const };
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, started)));
    expect(report.rto).toMatchObject({ ms: 300_000, source: 'inventory', verdict: 'pass' });
  });

  it('lets an RTO given by the caller win over the recorded one', async () => {
    const runDir = await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 300_000 }));
    expect(collectDrillReport(runDir, { rtoMs: 10_000 }).rto).toMatchObject({
      ms: 10_000,
      source: 'command line',
      verdict: 'fail',
    });
  });

  it('reports the figures unjudged when no RTO is set anywhere', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    expect(report.rto).toEqual({ source: 'none', verdict: 'no-rto', reasons: [] });
    expect(report.recoveries.every((m) => m.isWithinRto === undefined)).toBe(true);
  });

  it('fails the drill when a VM never ran again, even without an RTO', async () => {
    const vms = [...FAILOVER_RESULT.vms!, { name: 'lost-1', from_host: 'kvm-a2', left_at: E0 + 1_000, up_at: null }];
    const steps = replaceStep('wait-failover', { result: { ...FAILOVER_RESULT, vms } });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.rto).toMatchObject({ verdict: 'fail', reasons: ['lost-1 never ran again on the other site'] });
    expect(report.recoveries[0]).toMatchObject({ name: 'lost-1', leftAt: E0 + 1_000 });
    expect(report.recoveries[0]!.upAt).toBeUndefined();
  });

  it('fails the drill when a failover wait failed without a result', async () => {
    const steps = replaceStep('wait-failover', { status: 'failed', result: undefined, error: 'timed out after 10m' });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps, { rtoMs: 300_000 })));
    expect(report.rto.verdict).toBe('fail');
    expect(report.rto.reasons).toEqual([
      'step "wait-failover" (olvm.wait unknown, failover) failed: timed out after 10m',
    ]);
    expect(report.status).toBe('failed');
  });

  it('notes a reported recovery_ms that disagrees with the timestamps and keeps the timestamps', async () => {
    const vms = [{ ...FAILOVER_RESULT.vms![0]!, recovery_ms: 40_000 }];
    const steps = replaceStep('wait-failover', { result: { ...FAILOVER_RESULT, vms } });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.recoveries.map((m) => m.recoveryMs)).toEqual([41_000]);
    expect(report.notes).toEqual([
      'step "wait-failover": VM db-1: reported 40000 ms, but its timestamps are 41000 ms apart; the timestamps count',
    ]);
  });

  it.each([
    ['not an object', 'nope', 'the olvm.wait result is missing or not an object'],
    [
      'without times',
      { condition: 'vms_on_site' },
      'the olvm.wait result lacks condition, started_at or finished_at; it is left out',
    ],
  ])('leaves out a wait result that is %s, with a note', async (_what, result, note) => {
    const steps = replaceStep('wait-failover', { result });
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.recoveries).toEqual([]);
    expect(report.notes).toEqual([`step "wait-failover": ${note}`]);
  });

  it('finds no drill data in a run without olvm.wait steps', async () => {
    const steps = DRILL_STEPS.filter((s) => s.module !== 'olvm.wait');
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(steps)));
    expect(report.rto.verdict).toBe('no-data');
    expect(report.waits).toEqual([]);
  });

  it('reports a tampered journal from its intact prefix and says where it breaks', async () => {
    const runDir = await writeRun(dir.path, drillEvents());
    const path = journalPathOf(runDir);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"preflight"', '"preflight-x"');
    writeFileSync(path, lines.join('\n'));
    const report = collectDrillReport(runDir);
    expect(report.journal).toMatchObject({ isIntact: false, lines: 3, firstBadLine: 4 });
    expect(report.journal.reason).toBe('line 4 does not match its digest (the line was edited)');
    expect(report.steps.map((s) => s.stepId)).toEqual(['preflight']);
  });

  it('says the journal is intact when it verifies', async () => {
    const events = drillEvents();
    const report = collectDrillReport(await writeRun(dir.path, events));
    expect(report.journal).toMatchObject({ isIntact: true, lines: events.length });
  });

  it('refuses a journal that does not start with run.started', async () => {
    const runDir = await writeRun(dir.path, stepEvents(DRILL_STEPS[0]!));
    expect(() => collectDrillReport(runDir)).toThrow(NotARunJournalError);
  });

  it('throws a clear error for a run directory without a journal', () => {
    expect(() => collectDrillReport(join(dir.path, 'nothing'))).toThrow(/no journal at .*nothing/);
  });
});
