import { unifiedDiff } from '../../../src/shared/unified-diff';

const labels = { before: 'a', after: 'b' };
const numbers = (n: number, replace: Record<number, string> = {}): string =>
  Array.from({ length: n }, (_, i) => replace[i + 1] ?? String(i + 1)).join('\n') + '\n';

/** Expected hunks are GNU diff -u's output for the same files. */
describe('unifiedDiff', () => {
  it.each<[string, string, string, string]>([
    ['a changed line', 'a\nb\nc\n', 'a\nx\nc\n', '@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n'],
    ['a new file', '', 'a\nb\n', '@@ -0,0 +1,2 @@\n+a\n+b\n'],
    ['an emptied file', 'a\nb\n', '', '@@ -1,2 +0,0 @@\n-a\n-b\n'],
    ['a missing last newline', 'a\nb', 'a\nb\n', '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n'],
    [
      'two changes far apart, two hunks',
      numbers(12),
      numbers(12, { 3: 'X', 11: 'Y' }),
      '@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n',
    ],
    [
      'two changes six lines apart, one hunk',
      numbers(12),
      numbers(12, { 3: 'X', 10: 'Y' }),
      '@@ -1,12 +1,12 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+Y\n 11\n 12\n',
    ],
  ])('writes %s as diff -u does', (_what, before, after, hunks) => {
    expect(unifiedDiff(before, after, labels)).toBe(`--- a\n+++ b\n${hunks}`);
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('same\n', 'same\n', labels)).toBe('');
  });

  it('notes texts too large to compare line by line instead of spending minutes', () => {
    const big = numbers(2500);
    expect(unifiedDiff(big, numbers(2500, { 1: 'X' }), labels)).toBe(
      '--- a\n+++ b\n(too large to diff: 2500 and 2500 lines)\n'
    );
  });
});
