import { selectSteps } from '../../../src/engine/select-steps';
import type { Step } from '../../../src/runbook/types';

function step(id: string, tags: string[]): Step {
  return { id, module: 'echo', args: {}, ignoreErrors: false, tags, source: { file: 'r.yaml', line: 1, column: 1 } };
}

const steps = [
  step('facts', ['checks', 'always']),
  step('drain', ['failover']),
  step('back', ['failback']),
  step('debug', ['never', 'debug']),
  step('plain', []),
];
const ids = (selection: Parameters<typeof selectSteps>[1]) => selectSteps(steps, selection).map((s) => s.id);

describe('selectSteps with Ansible’s always and never tags', () => {
  it.each<[string, Parameters<typeof selectSteps>[1], string[]]>([
    ['no tags: every step but never', {}, ['facts', 'drain', 'back', 'plain']],
    ['--tags failover: always comes too', { tags: ['failover'] }, ['facts', 'drain']],
    ['--tags debug: a never step named by one of its tags', { tags: ['debug'] }, ['facts', 'debug']],
    ['--skip-tags always', { tags: ['failover'], skipTags: ['always'] }, ['drain']],
    ['--skip-tags failback', { skipTags: ['failback'] }, ['facts', 'drain', 'plain']],
    ['--start-at back', { startAt: 'back' }, ['back', 'plain']],
    ['--only drain', { only: ['drain'] }, ['drain']],
  ])('%s', (_what, selection, expected) => {
    expect(ids(selection)).toEqual(expected);
  });
});
