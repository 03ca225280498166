/**
 * A unified diff of two texts (`diff -u`): `---`/`+++` headers, `@@ -a,b +c,d @@` hunks with three lines of
 * context, and `\ No newline at end of file` where a text lacks its last newline. Lines are matched by their
 * longest common subsequence; texts too large for that (over 4 million line pairs) get a one-line note instead.
 */

const CONTEXT = 3;
const MAX_PAIRS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string; hasNewline: boolean };

function splitLines(text: string): { lines: string[]; hasFinalNewline: boolean } {
  if (text === '') return { lines: [], hasFinalNewline: true };
  const hasFinalNewline = text.endsWith('\n');
  const lines = (hasFinalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, hasFinalNewline };
}

/** Lines as compared: a last line without its newline differs from the same text with one (as in diff -u). */
function keysOf(text: { lines: string[]; hasFinalNewline: boolean }): string[] {
  if (text.hasFinalNewline) return text.lines;
  return text.lines.map((line, i) => (i === text.lines.length - 1 ? `${line}\u0000` : line));
}

/** The edit script from `a` to `b`, by a longest-common-subsequence table. */
function editScript(
  a: readonly string[],
  b: readonly string[]
): Array<{ kind: ' ' | '-' | '+'; i: number; j: number }> {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] as number) + 1
          : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const ops: Array<{ kind: ' ' | '-' | '+'; i: number; j: number }> = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', i: i++, j: j++ });
    else if (
      i < a.length &&
      (j === b.length || (table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number))
    )
      ops.push({ kind: '-', i: i++, j });
    else ops.push({ kind: '+', i, j: j++ });
  }
  return ops;
}

function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** The unified diff from `before` to `after`; empty when they are equal. */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.lines.length * b.lines.length > MAX_PAIRS) {
    return `--- ${labels.before}\n+++ ${labels.after}\n(too large to diff: ${a.lines.length} and ${b.lines.length} lines)\n`;
  }
  const ops: Op[] = editScript(keysOf(a), keysOf(b)).map((op) => ({
    kind: op.kind,
    line: op.kind === '+' ? (b.lines[op.j] as string) : (a.lines[op.i] as string),
    hasNewline:
      op.kind === '+' ? op.j < b.lines.length - 1 || b.hasFinalNewline : op.i < a.lines.length - 1 || a.hasFinalNewline,
  }));
  // Equal last lines that differ only in their final newline: one removed, one added.
  const last = ops.at(-1);
  if (last?.kind === ' ' && a.hasFinalNewline !== b.hasFinalNewline) {
    ops.splice(
      ops.length - 1,
      1,
      { ...last, kind: '-', hasNewline: a.hasFinalNewline },
      { ...last, kind: '+', hasNewline: b.hasFinalNewline }
    );
  }
  return `--- ${labels.before}\n+++ ${labels.after}\n${formatHunks(ops)}`;
}

function formatHunks(ops: readonly Op[]): string {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const out: string[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] as number) - (changed[end] as number) - 1 <= CONTEXT * 2)
      end++;
    const from = Math.max(0, (changed[start] as number) - CONTEXT);
    const to = Math.min(ops.length, (changed[end] as number) + CONTEXT + 1);
    out.push(formatHunk(ops, from, to));
    start = end + 1;
  }
  return out.join('');
}

function formatHunk(ops: readonly Op[], from: number, to: number): string {
  const before = ops.slice(0, from);
  const oldStart = before.filter((op) => op.kind !== '+').length;
  const newStart = before.filter((op) => op.kind !== '-').length;
  const hunk = ops.slice(from, to);
  const oldCount = hunk.filter((op) => op.kind !== '+').length;
  const newCount = hunk.filter((op) => op.kind !== '-').length;
  const lines = hunk.map((op) => `${op.kind}${op.line}\n${op.hasNewline ? '' : '\\ No newline at end of file\n'}`);
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${lines.join('')}`;
}
