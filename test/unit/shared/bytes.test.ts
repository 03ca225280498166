import { formatBytes, parseBytes } from '../../../src/shared/bytes';

describe('parseBytes', () => {
  it.each<[string | number, number | undefined]>([
    ['8GiB', 8 * 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['2G', 2 * 1024 ** 3],
    ['2g', 2 * 1024 ** 3],
    ['4 KiB', 4096],
    ['1GB', 1e9],
    ['1TiB', 1024 ** 4],
    ['100', 100],
    ['100B', 100],
    [4096, 4096],
    ['8 gigs', undefined],
    ['GiB', undefined],
    ['-1GiB', undefined],
    [-1, undefined],
    ['', undefined],
  ])('reads %p as %p', (input, expected) => {
    expect(parseBytes(input)).toBe(expected);
  });

  it.each([
    [8 * 1024 ** 3, '8GiB'],
    [512 * 1024 ** 2, '512MiB'],
    [1.5 * 1024 ** 3, '1.5GiB'],
    [900, '900B'],
  ])('formats %p as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
