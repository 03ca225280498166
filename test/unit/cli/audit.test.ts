import { readFileSync, writeFileSync } from 'node:fs';
import { JournalTamperedError, auditExport, auditVerify } from '../../../src/cli/audit';
import { localRunSource } from '../../../src/runs/run-source';
import type { SiemRecord } from '../../../src/cli/audit-export';
import { JournalWriter } from '../../../src/runs/journal';
import { sha256Hex } from '../../../src/runs/line';
import { journalPathOf, runDirOf } from '../../../src/runs/paths';
import { ExitCode } from '../../../src/shared/errors';
import { makeRunEvents, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

const RUN = '2024-06-01T10-00-00.000Z-abcd';

describe('runbook audit', () => {
  let dir: TempDir;
  let path: string;
  let out: string;
  const write = (t: string): void => {
    out += t;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    out = '';
    path = journalPathOf(runDirOf(dir.path, RUN));
    const writer = await JournalWriter.create(path);
    makeRunEvents(['a', 'b']).forEach((e) => writer.emit(e));
    writer.emit({
      type: 'run.finished',
      at: 9_000,
      status: 'ok',
      durationMs: 8_000,
      counts: { ok: 0, changed: 2, skipped: 0, failed: 0 },
      failures: [],
    });
    await writer.close();
  });
  afterEach(() => dir.remove());

  const lines = (): string[] => readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const rewrite = (next: string[]): void => writeFileSync(path, next.join('\n') + '\n');

  it('verify says ok for an untouched journal (a run id prefix is enough)', async () => {
    await auditVerify({ source: localRunSource(dir.path), run: '2024-06-01', write });
    expect(out).toBe(
      `ok: run ${RUN}: 10 lines intact, hash chain unbroken\n` +
        '  not signed: a cut tail, an appended line or a recomputed chain cannot be detected without a signed head\n'
    );
  });

  it.each<[string, (l: string[]) => string[], number]>([
    ['a one-character edit', (l) => l.map((x, i) => (i === 3 ? x.replace('"stepId":"a"', '"stepId":"b"') : x)), 4],
    ['a deleted line', (l) => l.filter((_, i) => i !== 6), 7],
    ['two swapped lines', (l) => [...l.slice(0, 2), l[3]!, l[2]!, ...l.slice(4)], 3],
  ])('verify fails with exit code TAMPERED on %s, naming the first bad line', async (_name, tamper, badLine) => {
    rewrite(tamper(lines()));
    let error: unknown;
    try {
      await auditVerify({ source: localRunSource(dir.path), run: RUN, write });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JournalTamperedError);
    expect(error).toMatchObject({ exitCode: ExitCode.TAMPERED, firstBadLine: badLine });
    expect((error as Error).message).toContain(`failed verification: line ${badLine} `);
    expect(out).toBe('');
  });

  it('verify passes a torn last line, saying so', async () => {
    writeFileSync(path, readFileSync(path, 'utf8') + '{"seq":11,"pre');
    await auditVerify({ source: localRunSource(dir.path), run: RUN, write });
    expect(out).toMatch(/^ok: .*10 lines intact.*line 11 is torn \(14 bytes/);
  });

  it('exports one SIEM record per line, carrying the chain', async () => {
    await auditExport({ source: localRunSource(dir.path), run: RUN, write });
    const records = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SiemRecord);
    const original = lines();
    expect(records).toHaveLength(original.length);
    expect(records.map((r) => r.event.hash)).toEqual(
      original.map((l) => sha256Hex(l.replace(/,"digest":"[0-9a-f]{64}"}$/, '')))
    );
    expect(records[0]).toMatchObject({
      '@timestamp': '1970-01-01T00:00:01.000Z',
      event: { action: 'run.started', sequence: 1 },
      user: { name: 'ops' },
      host: { hostname: 'box' },
      runbook: { run_id: RUN, name: 'demo' },
    });
    expect(records[3]).toMatchObject({
      event: { action: 'task.finished', outcome: 'success', duration: 12_000_000 },
      runbook: { step: 'a', event: { status: 'changed' } },
      message: 'a: changed',
    });
    expect(records.at(-1)).toMatchObject({ event: { action: 'run.finished', outcome: 'success' } });
  });

  it('refuses to export an empty journal: exit TAMPERED, no output', async () => {
    writeFileSync(path, '');
    await expect(auditExport({ source: localRunSource(dir.path), run: RUN, write })).rejects.toMatchObject({
      exitCode: ExitCode.TAMPERED,
      message: expect.stringContaining('the journal is empty'),
    });
    expect(out).toBe('');
  });

  it('refuses to export a tampered journal', async () => {
    rewrite(lines().filter((_, i) => i !== 2));
    await expect(auditExport({ source: localRunSource(dir.path), run: RUN, write })).rejects.toThrow(
      JournalTamperedError
    );
    expect(out).toBe('');
  });
});
