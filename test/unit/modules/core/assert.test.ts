import { assert, AssertionFailedError } from '../../../../src/modules/core/assert';
import { findOperands } from '../../../../src/modules/core/operands';
import { makeModuleContext } from '../../../helpers/module-context';

/** A stand-in scope: each expression or path evaluates to its entry (an absent path throws, like a template). */
function contextWith(values: Record<string, unknown>) {
  return makeModuleContext({
    stepId: 'check',
    evaluate: (expression) => {
      if (!(expression in values)) throw new Error(`'${expression}' is undefined`);
      return values[expression];
    },
  });
}

describe('assert', () => {
  it('passes when every condition holds', async () => {
    const ctx = contextWith({ 'a == 1': true, 'b > 2': true });
    await expect(assert.plan(ctx, { that: ['a == 1', 'b > 2'] })).resolves.toMatchObject({ status: 'none' });
  });

  it('names the failing condition and the values it read', async () => {
    const ctx = contextWith({
      'a == 1': true,
      'out.rc == 0 and host.name != "x"': false,
      'out.rc': 2,
      'host.name': 'x',
    });
    const plan = assert.plan(ctx, { that: ['a == 1', 'out.rc == 0 and host.name != "x"'] });
    await expect(plan).rejects.toThrow(AssertionFailedError);
    await expect(plan).rejects.toThrow(
      'step "check": assertion failed: out.rc == 0 and host.name != "x" (out.rc = 2, host.name = "x")'
    );
  });

  it('puts fail_msg first', async () => {
    const ctx = contextWith({ 'count >= 2': false, count: 1 });
    await expect(assert.plan(ctx, { that: 'count >= 2', fail_msg: 'need two hosts per site' })).rejects.toThrow(
      'step "check": need two hosts per site: assertion failed: count >= 2 (count = 1)'
    );
  });

  it('accepts a condition already rendered to a boolean', async () => {
    await expect(assert.plan(contextWith({}), { that: [true] })).resolves.toMatchObject({ status: 'none' });
    await expect(assert.plan(contextWith({}), { that: false })).rejects.toThrow('assertion failed: false');
  });

  it('shows a value it cannot read as undefined', async () => {
    const ctx = contextWith({ 'missing.x == 1': false });
    await expect(assert.plan(ctx, { that: 'missing.x == 1' })).rejects.toThrow('(missing.x = undefined)');
  });
});

describe('findOperands', () => {
  it.each([
    ['host.spm_priority == 8', ['host.spm_priority']],
    ['sites[item.site].storage_domains | length > 0 and x is defined', ['sites', 'item.site', 'x']],
    ["name == 'host.name' or not flag", ['name', 'flag']],
    ['1e5 > limit and items[0].size < 10', ['limit', 'items[0].size']],
    ['len(vms) in [1, 2]', ['vms']],
  ])('finds the variables in %s', (expression, paths) => {
    expect(findOperands(expression)).toEqual(paths);
  });
});
