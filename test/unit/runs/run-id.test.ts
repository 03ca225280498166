import { createRunId, isValidRunId } from '../../../src/runs/run-id';

describe('run ids', () => {
  it('sort by the time they were made', () => {
    const times = [
      '2024-06-01T10:00:00.123Z',
      '2024-06-01T10:00:00.124Z',
      '2024-06-01T10:00:01.000Z',
      '2025-01-01T00:00:00.000Z',
    ];
    const ids = times.map((t, i) => createRunId(new Date(t), ['ffff', '0000', '9999', 'aaaa'][i]));
    expect([...ids].reverse().sort()).toEqual(ids);
    expect(ids[0]).toBe('2024-06-01T10-00-00.123Z-ffff');
  });

  it('are valid file names with a random suffix', () => {
    const id = createRunId();
    expect(isValidRunId(id)).toBe(true);
    expect(id).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[0-9a-f]{4}$/);
  });

  it.each([[''], ['..'], ['a/b'], ['.hidden'], ['a..b'], ['x'.repeat(101)]])('rejects %p as a run id', (text) => {
    expect(isValidRunId(text)).toBe(false);
  });
});
