/** Sizes as users write them: `8GiB`, `512MiB`, `2G` (binary), `500MB` (decimal), or a number of bytes. */

const KiB = 1024;
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: KiB,
  kib: KiB,
  kb: 1000,
  m: KiB ** 2,
  mib: KiB ** 2,
  mb: 1000 ** 2,
  g: KiB ** 3,
  gib: KiB ** 3,
  gb: 1000 ** 3,
  t: KiB ** 4,
  tib: KiB ** 4,
  tb: 1000 ** 4,
};

/** Bytes, or undefined when the text is not a size. Single letters (`8G`) are binary, like qemu and oVirt. */
export function parseBytes(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input) : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(input);
  if (!match) return undefined;
  const unit = (match[2] as string).toLowerCase();
  const factor = unit === '' ? 1 : UNIT_BYTES[unit];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

/** `8GiB`, `512MiB`, `1.5GiB`, `900B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown}${units[unit]}`;
}
