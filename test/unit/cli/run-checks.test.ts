import { checkTags, describeSelection, findMissingRegisters, SkippedRegistersError } from '../../../src/cli/run-checks';
import type { Runbook, Step } from '../../../src/runbook/types';

function step(id: string, extra: Partial<Step> = {}): Step {
  return {
    id,
    module: 'echo',
    args: {},
    ignoreErrors: false,
    tags: [],
    source: { file: 'r.yaml', line: 1, column: 1 },
    ...extra,
  };
}

const steps: Step[] = [
  step('facts', { register: 'before', tags: ['checks'], module: 'olvm.facts' }),
  step('drain', { tags: ['failover'], when: 'before.spm.site == "primary"' }),
  step('wait', { tags: ['failover'], args: { since: '{{ before.event_index }}' } }),
  step('guarded', { tags: ['failover'], args: { msg: "{{ later | default('none') }}" } }),
  step('again', { register: 'before', tags: ['failback'] }),
  step('home', { tags: ['failback'], args: { msg: '{{ before.spm.host }}' } }),
];
const runbook: Runbook = { name: 'drill', path: '/r.yaml', vars: {}, steps, files: [] };

describe('run selection checks', () => {
  it('warns about a tag no step has, naming the known ones and the closest', () => {
    expect(checkTags(runbook, { tags: ['failovr', 'checks'], skipTags: ['nope'] })).toEqual([
      '--tags failovr: no step of this runbook has that tag (did you mean failover?) (known tags: checks, failback, failover)',
      '--skip-tags nope: no step of this runbook has that tag (known tags: checks, failback, failover)',
    ]);
    expect(checkTags(runbook, { tags: ['checks'] })).toEqual([]);
  });

  it('names each register a selected step reads that only a skipped step sets, with where it is read first', () => {
    const selected = new Set(['drain', 'wait', 'guarded']);
    expect(findMissingRegisters(steps, selected, {})).toEqual([{ name: 'before', setBy: 'facts', readBy: 'drain' }]);
  });

  it('finds nothing missing when the setter runs, a later setter runs first, or -e supplies the value', () => {
    expect(findMissingRegisters(steps, new Set(['facts', 'drain', 'wait']), {})).toEqual([]);
    expect(findMissingRegisters(steps, new Set(['again', 'home']), {})).toEqual([]);
    expect(findMissingRegisters(steps, new Set(['drain']), { before: { spm: {} } })).toEqual([]);
  });

  it('explains how to supply what is missing', () => {
    const error = new SkippedRegistersError(describeSelection({ startAt: 'drain' }), [
      { name: 'before', setBy: 'facts', readBy: 'drain' },
    ]);
    expect(error.message).toBe(
      '--start-at drain skips steps whose registered results the steps it runs read: "before" (set by facts, read by drain)'
    );
    expect(error.hint).toMatch(/^supply them with -e '\{"before": …\}' \(the value the step would have registered\)/);
    expect(error.hint).toMatch(/--resume/);
    expect(error.exitCode).toBe(2);
    expect(describeSelection({ tags: ['failover', 'verify'], skipTags: ['checks'] })).toBe(
      '--tags failover,verify --skip-tags checks'
    );
  });
});
