import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../../src/engine/events';
import { RunNotFoundError } from '../../../src/runs/errors';
import { JournalWriter } from '../../../src/runs/journal';
import { journalPathOf, resolveStateDir, runDirOf } from '../../../src/runs/paths';
import { findNewestUnfinishedRun, listRuns, resolveRunId } from '../../../src/runs/store';
import { makeRunEvents, makeRunStarted, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

interface RunSpec {
  id: string;
  ended?: RunStatus;
  runbook?: string;
  isDryRun?: boolean;
}

async function writeRun(stateDir: string, spec: RunSpec): Promise<void> {
  const writer = await JournalWriter.create(journalPathOf(runDirOf(stateDir, spec.id)));
  const events: RunEvent[] = makeRunEvents(['a']);
  events[0] = makeRunStarted({
    runId: spec.id,
    cwd: '/work',
    isDryRun: spec.isDryRun ?? false,
    runbook: { name: 'demo', path: spec.runbook ?? 'demo.yaml', files: [] },
  });
  if (spec.ended) {
    const counts = { ok: 0, changed: 1, skipped: 0, failed: 0 };
    events.push({ type: 'run.finished', at: 5_000, status: spec.ended, durationMs: 4_000, counts, failures: [] });
  }
  events.forEach((e) => writer.emit(e));
  await writer.close();
}

describe('the run store', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('lists no runs in a fresh state directory', () => {
    expect(listRuns(join(dir.path, 'nothing-here'))).toEqual([]);
  });

  it('lists runs newest first, with their state', async () => {
    await writeRun(dir.path, { id: '2024-01-01T00-00-00.000Z-aaaa', ended: 'ok' });
    await writeRun(dir.path, { id: '2024-01-02T00-00-00.000Z-bbbb', ended: 'failed' });
    await writeRun(dir.path, { id: '2024-01-03T00-00-00.000Z-cccc' });
    await writeRun(dir.path, { id: '2024-01-04T00-00-00.000Z-dddd' });
    const corrupt = journalPathOf(runDirOf(dir.path, '2024-01-05T00-00-00.000Z-eeee'));
    mkdirSync(join(corrupt, '..'), { recursive: true });
    writeFileSync(corrupt, 'not a journal\n');
    const runs = listRuns(dir.path, new Set(['2024-01-04T00-00-00.000Z-dddd']));
    expect(runs.map((r) => [r.id.slice(-4), r.state])).toEqual([
      ['eeee', 'corrupt'],
      ['dddd', 'running'],
      ['cccc', 'crashed'],
      ['bbbb', 'failed'],
      ['aaaa', 'ok'],
    ]);
    expect(runs[4]).toMatchObject({
      runbookName: 'demo',
      runbookPath: '/work/demo.yaml',
      user: 'ops',
      startedAt: 1_000,
      lastAt: 5_000,
    });
  });

  it('picks the newest unfinished run of a runbook, never a dry run or a finished one', async () => {
    await writeRun(dir.path, { id: 'r1' });
    await writeRun(dir.path, { id: 'r2', ended: 'interrupted' });
    await writeRun(dir.path, { id: 'r3', isDryRun: true });
    await writeRun(dir.path, { id: 'r4', ended: 'ok' });
    await writeRun(dir.path, { id: 'r5', runbook: 'other.yaml' });
    expect(findNewestUnfinishedRun(dir.path, '/work/demo.yaml')?.id).toBe('r2');
    expect(findNewestUnfinishedRun(dir.path, '/work/other.yaml')?.id).toBe('r5');
    expect(findNewestUnfinishedRun(dir.path, '/work/none.yaml')).toBeUndefined();
  });

  it('resolves an exact run id or a unique prefix', async () => {
    await writeRun(dir.path, { id: '2024-01-01T00-00-00.000Z-aaaa' });
    await writeRun(dir.path, { id: '2024-01-02T00-00-00.000Z-bbbb' });
    expect(resolveRunId(dir.path, '2024-01-01T00-00-00.000Z-aaaa')).toBe('2024-01-01T00-00-00.000Z-aaaa');
    expect(resolveRunId(dir.path, '2024-01-02')).toBe('2024-01-02T00-00-00.000Z-bbbb');
  });

  it.each([
    ['2024-01', /names 2 runs/],
    ['2023', /no run "2023" in /],
    ['../etc', /is not a run id/],
    ['a/b', /is not a run id/],
  ])('refuses run id %p', async (text, message) => {
    await writeRun(dir.path, { id: '2024-01-01T00-00-00.000Z-aaaa' });
    await writeRun(dir.path, { id: '2024-01-02T00-00-00.000Z-bbbb' });
    expect(() => resolveRunId(dir.path, text)).toThrow(RunNotFoundError);
    expect(() => resolveRunId(dir.path, text)).toThrow(message);
  });
});

describe('resolveStateDir', () => {
  it('is .runbook in the working directory unless RUNBOOK_STATE_DIR says otherwise', () => {
    expect(resolveStateDir('/work', {})).toBe('/work/.runbook');
    expect(resolveStateDir('/work', { RUNBOOK_STATE_DIR: 'state' })).toBe('/work/state');
    expect(resolveStateDir('/work', { RUNBOOK_STATE_DIR: '/var/lib/runbook' })).toBe('/var/lib/runbook');
  });
});
