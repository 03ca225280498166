import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalCorruptError } from '../../../src/runs/errors';
import { JournalWriter } from '../../../src/runs/journal';
import { GENESIS, sha256Hex } from '../../../src/runs/line';
import { readJournal } from '../../../src/runs/read';
import { makeRunEvents, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

describe('readJournal', () => {
  let dir: TempDir;
  let path: string;
  const events = makeRunEvents(['a', 'b']);

  beforeEach(async () => {
    dir = makeTempDir();
    path = join(dir.path, 'journal.jsonl');
    const writer = await JournalWriter.create(path);
    events.forEach((e) => writer.emit(e));
    await writer.close();
  });
  afterEach(() => dir.remove());

  it('returns the events in order and where an append would continue', () => {
    const text = readFileSync(path, 'utf8');
    const lastLine = text.trimEnd().split('\n').at(-1)!;
    expect(readJournal(path)).toEqual({
      path,
      events,
      next: {
        seq: 10,
        prev: sha256Hex(lastLine.replace(/,"digest":"[0-9a-f]{64}"}$/, '')),
        validBytes: Buffer.byteLength(text),
      },
    });
  });

  it('drops a torn last line and reports it', () => {
    const size = readFileSync(path).length;
    appendFileSync(path, '{"seq":10,"prev":"');
    const contents = readJournal(path);
    expect(contents.events).toEqual(events);
    expect(contents.torn).toEqual({ line: 10, bytes: 18, kind: 'unchecked' });
    expect(contents.next.validBytes).toBe(size);
  });

  it('reads an empty journal (a crash right after it was created) as no events', () => {
    writeFileSync(path, '');
    expect(readJournal(path)).toEqual({ path, events: [], next: { seq: 1, prev: GENESIS, validBytes: 0 } });
  });

  it('raises JournalCorruptError naming the line when a complete line is bad', () => {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"attempt":1', '"attempt":9');
    writeFileSync(path, lines.join('\n'));
    expect(() => readJournal(path)).toThrow(JournalCorruptError);
    expect(() => readJournal(path)).toThrow(`${path}:3: line 3 does not match its digest (the line was edited)`);
  });

  it('parses only the wanted event types, yet checks every line of the chain', () => {
    const contents = readJournal(path, { types: new Set(['task.finished']) });
    expect(contents.events.map((e) => e.type)).toEqual(['task.finished', 'task.finished']);
    expect(contents.next.seq).toBe(10);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"stepId":"a"', '"stepId":"z"');
    writeFileSync(path, lines.join('\n'));
    expect(() => readJournal(path, { types: new Set(['task.finished']) })).toThrow(/line 2 does not match its digest/);
  });

  it('calls a reformatted line (valid JSON, other layout) not a journal line', () => {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[0] = JSON.stringify(JSON.parse(lines[0]!), null, 1).replace(/\n/g, '');
    writeFileSync(path, lines.join('\n'));
    expect(() => readJournal(path)).toThrow(/line 1 is not a journal line/);
  });
});
