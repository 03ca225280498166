import { echo } from '../../../../src/modules/core/echo';
import { pause, PauseDeclinedError } from '../../../../src/modules/core/pause';
import { InvalidDurationError, wait } from '../../../../src/modules/core/wait';
import { makeModuleContext } from '../../../helpers/module-context';

describe('echo', () => {
  it.each([
    ['a string', 'hello', ['hello']],
    ['several lines', 'one\ntwo', ['one', 'two']],
    ['an object', { a: 1 }, ['{"a":1}']],
  ])('shows %s and registers it unchanged', async (_what, msg, lines) => {
    const ctx = makeModuleContext();
    const plan = await echo.plan(ctx, { msg });
    expect(plan).toEqual({ status: 'none', changes: [], result: { msg } });
    expect(ctx.lines).toEqual(lines);
  });
});

describe('wait', () => {
  it('plans the wait without waiting', async () => {
    const plan = await wait.plan(makeModuleContext({ isDryRun: true }), { for: '5m' });
    expect(plan.changes).toEqual([{ path: 'wait', note: 'would wait 5m00s' }]);
    expect(plan.data).toBe(300_000);
  });

  it('waits the planned time and registers it', async () => {
    const ctx = makeModuleContext();
    const plan = await wait.plan(ctx, { for: '10ms' });
    await expect(wait.apply(ctx, { for: '10ms' }, plan)).resolves.toEqual({ result: { waitedMs: 10 } });
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const ctx = makeModuleContext({ signal: controller.signal });
    const plan = await wait.plan(ctx, { for: '1h' });
    const waiting = wait.apply(ctx, { for: '1h' }, plan);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
  });

  it('refuses a value that is not a duration', async () => {
    const plan = wait.plan(makeModuleContext({ stepId: 'settle' }), { for: 'soon' });
    await expect(plan).rejects.toThrow(InvalidDurationError);
    await expect(plan).rejects.toThrow('step "settle": wait.for "soon" is not a duration');
  });
});

describe('pause', () => {
  it('plans the question without asking it', async () => {
    const confirm = jest.fn();
    const plan = await pause.plan(makeModuleContext({ confirm }), { prompt: 'Power off site A?' });
    expect(plan.changes).toEqual([{ path: 'pause', note: 'would ask: Power off site A?' }]);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('goes on when the operator says yes', async () => {
    const ctx = makeModuleContext({ confirm: () => Promise.resolve(true) });
    const plan = await pause.plan(ctx, { prompt: 'Go?' });
    await expect(pause.apply(ctx, { prompt: 'Go?' }, plan)).resolves.toEqual({ result: { confirmed: true } });
  });

  it('fails as refused when the operator says no', async () => {
    const ctx = makeModuleContext({ stepId: 'gate', confirm: () => Promise.resolve(false) });
    const plan = await pause.plan(ctx, { prompt: 'Go?' });
    const applied = pause.apply(ctx, { prompt: 'Go?' }, plan);
    await expect(applied).rejects.toThrow(PauseDeclinedError);
    await expect(applied).rejects.toThrow('step "gate": the operator declined "Go?"');
  });
});
