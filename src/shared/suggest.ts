/** "Did you mean …?" for misspelt names: the closest known name within a small edit distance. */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The known name closest to `name`, if it is close enough to be a typo. */
export function suggestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const isSameLength = candidate.length === name.length && best?.length !== name.length;
    const isBetter = distance < bestDistance || (distance === bestDistance && isSameLength);
    if (distance <= limit && isBetter) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean x?)`, or ` (known: a, b, c)` when nothing is close; empty when there is nothing to list. */
export function describeAlternatives(name: string, known: readonly string[]): string {
  const suggestion = suggestName(name, known);
  if (suggestion !== undefined) return ` (did you mean ${suggestion}?)`;
  return known.length > 0 ? ` (known: ${known.join(', ')})` : '';
}
