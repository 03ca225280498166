import { formatDuration, parseDuration } from '../../../src/shared/duration';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2', 2000],
    [3, 3000],
    ['1.5s', 1500],
  ])('reads %p as %p ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([['5 minutes'], ['m5'], [''], ['-1s'], [-2]])('rejects %p', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [12_340, '12.3s'],
    [245_000, '4m05s'],
    [3_720_000, '1h02m'],
  ])('prints %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
