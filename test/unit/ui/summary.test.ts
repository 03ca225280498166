import type { RunSummary } from '../../../src/engine/options';
import { formatSummary } from '../../../src/ui/summary';

function summary(overrides: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r1',
    status: 'ok',
    isDryRun: false,
    durationMs: 4200,
    counts: { ok: 3, changed: 2, skipped: 1, failed: 0 },
    restored: 0,
    failures: [],
    unknowns: [],
    changes: [],
    ...overrides,
  };
}

describe('the run summary', () => {
  it('counts each status for a successful run', () => {
    expect(formatSummary(summary({}))).toBe('Run r1 finished in 4.2s\n  3 ok, 2 changed, 1 skipped, 0 failed\n');
  });

  it('names every failed step x host and why, and the ignored ones apart', () => {
    const text = formatSummary(
      summary({
        status: 'failed',
        counts: { ok: 1, changed: 0, skipped: 0, failed: 3 },
        failures: [
          { stepId: 'spm', target: 'kvm-a1', message: 'engine said 409', isIgnored: false },
          { stepId: 'vm', item: 'db-1', message: 'no lease', isIgnored: false },
          { stepId: 'probe', message: 'exit 1', isIgnored: true },
        ],
      })
    );
    expect(text).toBe(
      [
        'Run r1 failed after 4.2s',
        '  1 ok, 0 changed, 0 skipped, 3 failed (1 ignored)',
        '',
        'Failed:',
        '  [spm] kvm-a1: engine said 409',
        '  [vm] [db-1]: no lease',
        '',
        'Failed but ignored (ignore_errors):',
        '  [probe] (once): exit 1',
        '',
      ].join('\n')
    );
  });

  it('lists the changes a dry run would make and the unknowns with reasons', () => {
    const text = formatSummary(
      summary({
        isDryRun: true,
        changes: [{ stepId: 'spm', target: 'kvm-a1', changes: [{ path: 'spm_priority', from: 5, to: 8 }] }],
        unknowns: [{ stepId: 'show', reason: 'depends on step "make" which would change in a real run' }],
      })
    );
    expect(text).toContain('Dry run r1 finished in 4.2s\n  3 ok, 2 would change, 1 skipped, 0 failed, 1 unknown');
    expect(text).toContain('Would change:\n  [spm] kvm-a1: spm_priority: 5 -> 8');
    expect(text).toContain(
      'Unknown until earlier steps are applied:\n  [show] (once): depends on step "make" which would change in a real run'
    );
  });

  it('says when the run was refused or interrupted', () => {
    expect(formatSummary(summary({ status: 'failed', refusal: 'step "x": the operator declined "Go?"' }))).toContain(
      'Run r1 refused after 4.2s'
    );
    expect(formatSummary(summary({ status: 'interrupted' }))).toContain('Run r1 interrupted after 4.2s');
  });
});
