/** Hostile YAML documents for the load-time limits (src/shared/yaml-limits.ts), shared by tests and the bench. */

/** The "billion laughs": level 0 is 9 strings, level k a list of 9 aliases of level k-1 (9^levels values). */
export function aliasBomb(levels: number, prefix = ''): string {
  const lines = [`${prefix}a0: &a0 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let k = 1; k <= levels; k++)
    lines.push(
      `${prefix}a${k}: &a${k} [${Array(9)
        .fill(`*a${k - 1}`)
        .join(', ')}]`
    );
  return lines.join('\n') + '\n';
}

/** `[[[…]]]`, `depth` levels. */
export function deepFlow(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
