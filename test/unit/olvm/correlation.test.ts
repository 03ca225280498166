import { normalizeCorrelationId } from '../../../src/olvm/correlation';

describe('correlation ids', () => {
  it('keeps an id already in the engine form', () => {
    expect(normalizeCorrelationId('drill-42_step3')).toBe('drill-42_step3');
  });

  it('strips the characters the engine would strip', () => {
    expect(normalizeCorrelationId('olvm.host:kvm-a1/1')).toBe('olvmhostkvm-a11');
  });

  it('shortens a long id to 36 characters and keeps two long ids apart', () => {
    const a = normalizeCorrelationId('a-very-long-step-identifier-for-the-drill-1');
    const b = normalizeCorrelationId('a-very-long-step-identifier-for-the-drill-2');
    expect(a).toHaveLength(36);
    expect(b).toHaveLength(36);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-zA-Z_-]+$/);
  });

  it('gives an id with nothing usable a fresh one', () => {
    expect(normalizeCorrelationId('...')).toMatch(/^runbook-[0-9a-f]{8}$/);
  });
});
