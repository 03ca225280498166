import { sampleTargets } from '../../../../src/modules/check/latency';

const hosts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('which hosts of the other site each host pings', () => {
  it.each([
    [2, 2, 3],
    [3, 3, 3],
    [50, 50, 3],
    [50, 10, 3],
    [10, 50, 3],
    [1, 30, 3],
    [7, 5, 2],
  ])(
    '%i hosts pinging %i hosts, sample %i: every host is reached, with probes linear in the hosts',
    (from, to, sample) => {
      const targets = hosts('b', to);
      const pairs = hosts('a', from).flatMap((source, i) =>
        sampleTargets(targets, i, from, sample).map((t) => `${source}>${t}`)
      );
      expect(new Set(pairs.map((pair) => pair.split('>')[1]))).toEqual(new Set(targets));
      expect(new Set(pairs).size).toBe(pairs.length); // no pair twice
      expect(pairs.length).toBeLessThanOrEqual(Math.min(from * to, from * sample + to + from));
    }
  );

  it('pings every host when the sample is as large as the other site', () => {
    expect(sampleTargets(['b1', 'b2', 'b3'], 1, 2, 3)).toEqual(['b1', 'b2', 'b3']);
  });

  it('continues where the previous host stopped', () => {
    expect([0, 1, 2].map((i) => sampleTargets(hosts('b', 6), i, 3, 2))).toEqual([
      ['b1', 'b2'],
      ['b3', 'b4'],
      ['b5', 'b6'],
    ]);
  });
});
