import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/engine/events';
import { JournalWriter } from '../../../src/runs/journal';
import { decodeLine, GENESIS, sha256Hex } from '../../../src/runs/line';
import { verifyJournal } from '../../../src/runs/verify';
import { clearSecrets, registerSecret, REDACTED } from '../../../src/shared/redact';
import { makeRunEvents, makeTaskFinished, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

function linesOf(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

async function writeJournal(path: string, events: RunEvent[]): Promise<JournalWriter> {
  const writer = await JournalWriter.create(path);
  events.forEach((e) => writer.emit(e));
  await writer.close();
  return writer;
}

describe('JournalWriter', () => {
  let dir: TempDir;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir.path, 'runs', 'r1', 'journal.jsonl');
  });
  afterEach(() => {
    dir.remove();
    clearSecrets();
  });

  it('writes one line per event, numbered from 1 and chained from the genesis value', async () => {
    const events = makeRunEvents(['a', 'b']);
    await writeJournal(path, events);
    const lines = linesOf(path);
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, i) => {
      const { entry } = decodeLine(line);
      expect(entry?.seq).toBe(i + 1);
      expect(entry?.digest).toBe(sha256Hex(line.replace(/,"digest":"[0-9a-f]{64}"}$/, '')));
      expect(entry?.prev).toBe(i === 0 ? GENESIS : decodeLine(lines[i - 1]!).entry?.digest);
      expect(entry?.event).toEqual(events[i]);
    });
  });

  it('does not journal task.output lines (their excerpt lives in task.finished)', async () => {
    const events = makeRunEvents(['a']);
    events.splice(2, 0, { type: 'task.output', at: 1, stepId: 'a', line: 'hello' });
    await writeJournal(path, events);
    expect(linesOf(path).map((l) => decodeLine(l).entry?.event.type)).not.toContain('task.output');
    expect(verifyJournal(path).ok).toBe(true);
  });

  it('redacts registered secrets, secret-named keys and changes to secret-named fields', async () => {
    registerSecret('hunter2-secret');
    const finished = makeTaskFinished(
      { stepId: 'login' },
      {
        outputExcerpt: 'logged in with hunter2-secret',
        result: { token: 'abc123', stdout: 'pw=hunter2-secret' },
        changes: [{ path: 'engine.password', from: 'old-pass', to: 'new-pass' }],
      }
    );
    await writeJournal(path, [finished]);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/hunter2-secret|abc123|old-pass|new-pass/);
    const event = decodeLine(linesOf(path)[0]!).entry?.event;
    expect(event).toMatchObject({
      outputExcerpt: `logged in with ${REDACTED}`,
      result: { token: REDACTED, stdout: `pw=${REDACTED}` },
      changes: [{ path: 'engine.password', from: REDACTED, to: REDACTED }],
    });
  });

  it('caps a long output excerpt, keeping its end', async () => {
    const long = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    await writeJournal(path, [makeTaskFinished({ stepId: 'a' }, { outputExcerpt: long })]);
    const event = decodeLine(linesOf(path)[0]!).entry?.event as { outputExcerpt: string };
    expect(event.outputExcerpt.length).toBeLessThan(4200);
    expect(event.outputExcerpt).toMatch(/^\[… \d+ characters cut\]\n/);
    expect(event.outputExcerpt.endsWith('line 1999')).toBe(true);
  });

  it('makes events durable only at flush, with one write and sync for everything pending', async () => {
    const writer = await JournalWriter.create(path);
    makeRunEvents(['a', 'b', 'c']).forEach((e) => writer.emit(e));
    expect(readFileSync(path, 'utf8')).toBe('');
    await Promise.all([writer.flush(), writer.flush(), writer.flush()]);
    expect(linesOf(path)).toHaveLength(13);
    expect(writer.syncCount).toBe(1);
    await writer.close();
  });

  it('shares one sync among flushes that queue while another write is under way (group commit)', async () => {
    const writer = await JournalWriter.create(path);
    const events = makeRunEvents(['a', 'b', 'c', 'd']);
    const flushes: Array<Promise<void>> = [];
    for (const event of events) {
      writer.emit(event);
      flushes.push(writer.flush());
    }
    await Promise.all(flushes);
    expect(linesOf(path)).toHaveLength(events.length);
    expect(writer.syncCount).toBeLessThanOrEqual(2);
    await writer.close();
  });

  it('keeps step and progress lines until the next durability point, then writes and syncs them with it', async () => {
    const writer = await JournalWriter.create(path);
    const [, stepStarted, taskStarted, finished, stepFinished] = makeRunEvents(['a']);
    writer.emit(stepStarted!);
    writer.emit(taskStarted!);
    await writer.flush();
    expect(linesOf(path)).toHaveLength(0);
    writer.emit(finished!);
    await writer.flush();
    expect(linesOf(path)).toHaveLength(3);
    expect(writer.syncCount).toBe(1);
    writer.emit(stepFinished!);
    await writer.close();
    expect(linesOf(path)).toHaveLength(4);
    expect(writer.syncCount).toBe(2);
  });

  it('does not sync when nothing is pending', async () => {
    const writer = await JournalWriter.create(path);
    await writer.flush();
    expect(writer.syncCount).toBe(0);
    await writer.close();
  });

  it('refuses to start a journal that already exists', async () => {
    await writeJournal(path, makeRunEvents(['a']));
    await expect(JournalWriter.create(path)).rejects.toThrow(/EEXIST/);
  });

  it('refuses events after close', async () => {
    const writer = await writeJournal(path, makeRunEvents(['a']));
    expect(() => writer.emit(makeTaskFinished({ stepId: 'b' }))).toThrow(/closed/);
  });

  it('continues the chain when appending to an existing journal', async () => {
    await writeJournal(path, makeRunEvents(['a']));
    const { writer, dropped } = await JournalWriter.openForAppend(path);
    expect(dropped).toBeUndefined();
    makeRunEvents(['b'])
      .slice(1)
      .forEach((e) => writer.emit(e));
    await writer.close();
    expect(verifyJournal(path)).toMatchObject({ ok: true, lines: 9 });
  });

  it('drops a torn last line before appending, and reports it', async () => {
    await writeJournal(path, makeRunEvents(['a']));
    appendFileSync(path, '{"seq":6,"prev":"');
    const { writer, dropped } = await JournalWriter.openForAppend(path);
    expect(dropped).toEqual({ line: 6, bytes: 17, kind: 'unchecked' });
    writer.emit(makeTaskFinished({ stepId: 'b' }));
    await writer.close();
    expect(verifyJournal(path)).toMatchObject({ ok: true, lines: 6 });
    expect(readFileSync(path, 'utf8')).not.toMatch(/"prev":"\n/);
  });

  it('refuses to append to a journal whose middle is damaged', async () => {
    await writeJournal(path, makeRunEvents(['a']));
    const lines = linesOf(path);
    lines[2] = lines[2]!.replace('task', 'tusk');
    writeFileSync(path, lines.join('\n') + '\n');
    await expect(JournalWriter.openForAppend(path)).rejects.toThrow(
      /journal\.jsonl:3: line 3 does not match its digest/
    );
  });
});
