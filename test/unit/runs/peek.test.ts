import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalWriter } from '../../../src/runs/journal';
import { peekJournal } from '../../../src/runs/peek';
import { makeRunEvents, makeTaskFinished, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

describe('peekJournal', () => {
  let dir: TempDir;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir.path, 'journal.jsonl');
  });
  afterEach(() => dir.remove());

  async function write(events: Parameters<JournalWriter['emit']>[0][]): Promise<void> {
    const writer = await JournalWriter.create(path);
    events.forEach((e) => writer.emit(e));
    await writer.close();
  }

  it('reads the first and the last line, skipping a torn tail', async () => {
    const events = makeRunEvents(['a', 'b']);
    await write(events);
    appendFileSync(path, '{"seq":10,"pr');
    expect(peekJournal(path)).toEqual({ first: events[0], last: events.at(-1) });
  });

  it('reads a journal of one line as first and last', async () => {
    const events = makeRunEvents([]);
    await write(events);
    expect(peekJournal(path)).toEqual({ first: events[0], last: events[0] });
  });

  it('reads a last line longer than its read window', async () => {
    const big = makeTaskFinished(
      { stepId: 'big' },
      { outputExcerpt: 'x'.repeat(3000), result: { blob: 'y'.repeat(200_000) } }
    );
    await write([...makeRunEvents(['a']), big]);
    expect(peekJournal(path).last).toEqual(big);
  });

  it.each([
    ['an empty file', '', {}],
    ['a file without a complete line', '{"seq":1', {}],
    ['a first line that is not a journal line', 'hello\n', { problem: 'line 1: not-json' }],
  ])('says what it could not read in %s', (_name, text, expected) => {
    writeFileSync(path, text);
    expect(peekJournal(path)).toEqual(expected);
  });
});
