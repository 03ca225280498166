import { formatOffset, renderTimeline } from '../../../src/report/svg';

describe('formatOffset', () => {
  it.each([
    [0, '+0s'],
    [500, '+500ms'],
    [15_000, '+15s'],
    [75_000, '+1m15s'],
    [120_000, '+2m'],
    [3_600_000, '+1h'],
    [5_400_000, '+1h30m'],
  ])('labels an axis offset of %p ms as %p', (ms, label) => {
    expect(formatOffset(ms)).toBe(label);
  });
});

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

describe('renderTimeline', () => {
  const svg = renderTimeline({
    id: 't',
    title: 'Two <lanes>',
    origin: 1_000,
    lanes: [
      {
        label: 'first',
        bars: [{ start: 1_000, end: 3_000, kind: 'pass', title: 'a' }],
        marker: 4_000,
        note: '2.0s ok',
      },
      { label: 'x'.repeat(40), bars: [{ start: 2_000, end: 5_000, kind: 'over', title: 'b' }] },
    ],
  }).text;

  it('draws one bar per lane, placed on a shared axis from the origin to the last time', () => {
    const rects = [...svg.matchAll(/<rect[^>]*>/g)].map((m) => m[0]);
    expect(rects.map((r) => attribute(r, 'class'))).toEqual(['bar bar-pass', 'bar bar-over']);
    const [first, second] = rects.map((r) => ({ x: Number(attribute(r, 'x')), width: Number(attribute(r, 'width')) }));
    // first spans 1/2 of the 4 s axis from its start, second starts at 1/4 and spans 3/4
    expect(first!.width / second!.width).toBeCloseTo(2 / 3, 2);
    expect((second!.x - first!.x) / first!.width).toBeCloseTo(1 / 2, 2);
  });

  it('marks the deadline and writes the note of a lane', () => {
    expect(svg).toContain('class="marker"');
    expect(svg).toContain('>2.0s ok</text>');
  });

  it('escapes the title and shortens a long label, keeping it whole in a tooltip', () => {
    expect(svg).toContain('aria-label="Two &lt;lanes&gt;"');
    expect(svg).toContain(`<title>${'x'.repeat(40)}</title>${'x'.repeat(29)}…`);
  });
});
