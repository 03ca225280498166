/** Text helpers shared by `runbook runs` and `runbook log`: times and tables. */

/** `2024-06-01 10:00:00Z` (UTC, so logs from machines in different zones line up). */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `10:00:00` (UTC) for timeline rows. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)].join('\n') + '\n';
}
