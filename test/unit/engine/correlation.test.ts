import { correlationPrefix, formatCorrelationId } from '../../../src/engine/correlation';
import { normalizeCorrelationId } from '../../../src/olvm';
import { createRunId } from '../../../src/runs/run-id';

describe('correlation ids of a run', () => {
  it.each([
    ['a run id as runbook makes them', createRunId(new Date('2025-11-25T03:00:00.123Z'), 'd1a1')],
    ['a short run id', 'test-run'],
    ['a run id with dots and colons', 'drill.2025:11:25'],
    ['a run id of 100 characters', 'r'.repeat(100)],
    ['a run id with nothing the engine keeps', '....'],
  ])('are already in the engine form for %s', (_what, runId) => {
    const prefix = correlationPrefix(runId);
    for (const n of [1, 42, 9_999_999]) {
      const id = formatCorrelationId(prefix, n);
      expect(normalizeCorrelationId(id)).toBe(id);
    }
  });

  it('keep a run id that fits as it is, without its dots', () => {
    expect(correlationPrefix('2025-11-25T03-00-00.123Z-d1a1')).toBe('2025-11-25T03-00-00123Z-d1a1');
  });

  it('stay distinct for long run ids that differ only at the end', () => {
    expect(correlationPrefix(`${'x'.repeat(60)}-1`)).not.toBe(correlationPrefix(`${'x'.repeat(60)}-2`));
  });
});
