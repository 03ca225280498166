import { UnknownModuleError, UnknownStepError } from '../../../src/engine/errors';
import { prepareRun } from '../../../src/engine/prepare';
import { SelectorError } from '../../../src/inventory/select';
import { ExitCode } from '../../../src/shared/errors';
import { makeRunbook } from '../../helpers/engine';
import type { StepInput } from '../../helpers/engine';
import { makeInventory } from '../../helpers/inventory';

const STEPS: StepInput[] = [
  { id: 'once', module: 'echo', args: { msg: 1 } },
  { id: 'kvm', module: 'echo', hosts: 'group:kvm', args: { msg: 1 } },
];

function prepare(steps: StepInput[], options: { limit?: string; only?: string[] } = {}) {
  return prepareRun({ runbook: makeRunbook(steps), inventory: makeInventory(), ...options });
}

describe('prepareRun', () => {
  it('gives each selected step its module and its targets, a step without hosts one undefined target', () => {
    const prepared = prepare(STEPS, { limit: 'site:secondary' });
    expect(prepared.map((p) => [p.step.id, p.module.name, p.targets.map((t) => t?.name)])).toEqual([
      ['once', 'echo', [undefined]],
      ['kvm', 'echo', ['kvm-b1', 'kvm-b2']],
    ]);
  });

  it.each([
    ['an unknown host in --limit', { limit: 'nosuch' }, SelectorError, ExitCode.INVALID_INPUT],
    ['a malformed --limit', { limit: 'site:' }, SelectorError, ExitCode.INVALID_INPUT],
    ['an --only step the runbook lacks', { only: ['nope'] }, UnknownStepError, ExitCode.USAGE],
  ])('refuses %s with a RunbookError before anything runs', (_what, options, errorClass, exitCode) => {
    let caught: unknown;
    try {
      prepare(STEPS, options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(errorClass);
    expect((caught as { exitCode: number }).exitCode).toBe(exitCode);
  });

  it('refuses a step whose module the run does not have, naming step and module', () => {
    const prepareTypo = () => prepare([{ id: 'typo', module: 'ehco', args: {} }]);
    expect(prepareTypo).toThrow(UnknownModuleError);
    expect(prepareTypo).toThrow('step "typo": no module "ehco"');
  });
});
