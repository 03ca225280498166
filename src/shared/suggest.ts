/** "Did you mean …?" for misspelt names: the closest known name within a small edit distance. */

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known name closest to `name`, if it is close enough to be a typo. */
export function suggestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
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
