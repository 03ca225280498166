import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalWriter } from '../../../src/runs/journal';
import { decodeLine, encodeLine } from '../../../src/runs/line';
import { verifyJournal } from '../../../src/runs/verify';
import { makeRunEvents, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

type Tamper = (lines: string[]) => string[];

const editOneCharacter =
  (index: number): Tamper =>
  (lines) =>
    lines.map((l, i) =>
      i === index
        ? l.replace('"module":"local.command"', '"module":"local.commanD"').replace('"attempt":1', '"attempt":2')
        : l
    );
const deleteLine =
  (index: number): Tamper =>
  (lines) =>
    lines.filter((_, i) => i !== index);
const swapLines =
  (a: number, b: number): Tamper =>
  (lines) =>
    lines.map((l, i) => (i === a ? lines[b]! : i === b ? lines[a]! : l));
/** An editor that knows the format: fixes the edited line's own digest, but cannot fix the chain after it. */
const editAndRedigest =
  (index: number): Tamper =>
  (lines) =>
    lines.map((l, i) => {
      if (i !== index) return l;
      const entry = decodeLine(l).entry!;
      return encodeLine(entry.seq, entry.prev, JSON.stringify({ ...entry.event, at: 1 })).text;
    });

describe('verifyJournal', () => {
  let dir: TempDir;
  let path: string;
  let original: string[];

  beforeEach(async () => {
    dir = makeTempDir();
    path = join(dir.path, 'journal.jsonl');
    const writer = await JournalWriter.create(path);
    makeRunEvents(['a', 'b', 'c']).forEach((e) => writer.emit(e));
    await writer.close();
    original = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  });
  afterEach(() => dir.remove());

  function rewrite(lines: string[]): void {
    writeFileSync(path, lines.join('\n') + '\n');
  }

  it('accepts an untouched journal and counts its lines', () => {
    expect(verifyJournal(path)).toEqual({
      ok: true,
      lines: 13,
      reason: '13 lines intact, hash chain unbroken',
      notes: [
        'not signed: a cut tail, an appended line or a recomputed chain cannot be detected without a signed head',
      ],
    });
  });

  it.each<[string, Tamper, number, RegExp]>([
    ['a one-character edit in the middle', editOneCharacter(2), 3, /line 3 does not match its digest/],
    [
      'a one-character edit of the first line',
      (l) => [l[0]!.replace('"user":"ops"', '"user":"opz"'), ...l.slice(1)],
      1,
      /digest/,
    ],
    [
      'a one-character edit of the last line',
      (l) => [...l.slice(0, -1), l.at(-1)!.replace('"changed"', '"chxnged"')],
      13,
      /digest/,
    ],
    ['a deleted line', deleteLine(5), 6, /line 6 has seq 7 where 6 was expected/],
    ['a deleted first line', deleteLine(0), 1, /line 1 has seq 2 where 1 was expected/],
    ['two swapped lines', swapLines(4, 5), 5, /line 5 has seq 6 where 5 was expected/],
    ['an edit whose line digest was recomputed', editAndRedigest(3), 5, /line 5 does not chain to line 4/],
    ['a duplicated line', (l) => [...l.slice(0, 3), l[2]!, ...l.slice(3)], 4, /seq 3 where 4/],
    ['a line that is not JSON', (l) => [...l.slice(0, 7), 'garbage', ...l.slice(7)], 8, /not valid JSON/],
  ])('catches %s and names the first bad line', (_name, tamper, badLine, reason) => {
    rewrite(tamper(original));
    const result = verifyJournal(path);
    expect(result.ok).toBe(false);
    expect(result.firstBadLine).toBe(badLine);
    expect(result.reason).toMatch(reason);
  });

  it('cannot catch a re-digested edit of the last line alone: nothing chains to it (docs/audit.md)', () => {
    const entry = decodeLine(original[12]!).entry!;
    rewrite([...original.slice(0, 12), encodeLine(13, entry.prev, JSON.stringify({ ...entry.event, at: 5 })).text]);
    expect(verifyJournal(path).ok).toBe(true);
  });

  /** The line a writer would append next (line 14), whole, without its newline. */
  const nextLine = (lines: string[]): string =>
    encodeLine(14, decodeLine(lines.at(-1)!).entry!.digest, '{"type":"warning","at":1,"message":"next"}').text;

  it.each<[string, (lines: string[]) => string, string]>([
    ['a few bytes', () => '{"seq":14,"pr', 'unchecked'],
    ['its start and part of its event', (l) => nextLine(l).slice(0, 120), 'unchecked'],
    ['all but the end of its digest', (l) => nextLine(l).slice(0, -20), 'partial-digest'],
    ['a whole line without its newline', nextLine, 'complete'],
    ['zeros left by a power cut', () => '\u0000\u0000\u0000\u0000', 'zeroed'],
    [
      'cut inside a result of its own with a "digest" key',
      (l) =>
        encodeLine(
          14,
          decodeLine(l.at(-1)!).entry!.digest,
          '{"type":"task.finished","result":{"size":1,"digest":"deadbeef"}}'
        ).text.slice(0, -86), // cut after `"digest":"de` of the result
      'unchecked',
    ],
  ])('reports a torn last line (%s) apart, not as tampering', (_name, makeTail, kind) => {
    appendFileSync(path, makeTail(original));
    const result = verifyJournal(path);
    expect(result).toMatchObject({ ok: true, lines: 13, torn: { line: 14, kind } });
    expect(result.reason).toMatch(/line 14 is torn/);
  });

  it.each<[string, (lines: string[]) => string, RegExp]>([
    ['the last line edited, without its newline', (l) => l.at(-1)!.replace('"changed"', '"chxnged"'), /line 13 /],
    ['a copy of the last line', (l) => l.at(-1)!, /line 14 is not a torn write.*does not begin as line 14 must/],
    ['a line with a wrong seq', () => '{"seq":99,"pr', /line 14 is not a torn write/],
    [
      'a next line edited after its digest was written',
      (l) => nextLine(l).replace('next', 'nexT'),
      /digest does not match/,
    ],
    [
      'a next line whose partial digest is wrong',
      (l) =>
        nextLine(l)
          .slice(0, -20)
          .replace(/"digest":"([0-9a-f])/, (_m, c: string) => `"digest":"${c === 'a' ? 'b' : 'a'}`),
      /not a torn write/,
    ],
  ])('tells %s from a torn write: tampering', (_name, makeTail, reason) => {
    if (_name.startsWith('the last line edited')) writeFileSync(path, original.slice(0, 12).join('\n') + '\n');
    appendFileSync(path, makeTail(original));
    const result = verifyJournal(path);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(reason);
  });

  it('fails an empty journal', () => {
    writeFileSync(path, '');
    expect(verifyJournal(path)).toMatchObject({ ok: false, firstBadLine: 1, reason: 'the journal is empty' });
  });
});
