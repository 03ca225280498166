import { RunbookError } from '../../../src/shared/errors';
import { runEngine, testModule } from '../../helpers/engine';

/** A module that reports how many times it has been planned, failing the first `failures` times. */
function counter(failures: number, error: () => Error = () => new Error('not yet')) {
  let calls = 0;
  return testModule('counter', {
    plan: () => {
      calls += 1;
      if (calls <= failures) return Promise.reject(error());
      return Promise.resolve({ status: 'none', changes: [], result: { calls } });
    },
  });
}

describe('retries, until and timeouts', () => {
  it('retries a failing task up to retries times, announcing each retry', async () => {
    const { sink, summary } = await runEngine({
      steps: [{ id: 'flaky', module: 'counter', retry: { retries: 3, delayMs: 1 } }],
      modules: { counter: counter(2) },
    });
    expect(summary.status).toBe('ok');
    expect(sink.ofType('task.retrying').map((e) => [e.attempt, e.error])).toEqual([
      [2, 'not yet'],
      [3, 'not yet'],
    ]);
    expect(sink.ofType('task.finished')[0]).toMatchObject({ status: 'ok', attempts: 3, result: { calls: 3 } });
  });

  it('fails with the last error when the attempts run out', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'flaky', module: 'counter', retry: { retries: 1, delayMs: 0 } }],
      modules: { counter: counter(5) },
    });
    expect(summary.failures).toEqual([expect.objectContaining({ stepId: 'flaky', message: 'not yet' })]);
  });

  it('does not retry an error that says retrying cannot help', async () => {
    const { sink } = await runEngine({
      steps: [{ id: 'auth', module: 'counter', retry: { retries: 3, delayMs: 0 } }],
      modules: { counter: counter(5, () => new RunbookError('bad credentials', { code: 'AUTH' })) },
    });
    expect(sink.ofType('task.retrying')).toHaveLength(0);
    expect(sink.ofType('task.finished')[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'AUTH' } });
  });

  it('repeats until the condition on the registered result holds', async () => {
    const { sink } = await runEngine({
      steps: [
        { id: 'poll', module: 'counter', register: 'c', retry: { retries: 5, delayMs: 0, until: 'c.calls >= 3' } },
      ],
      modules: { counter: counter(0) },
    });
    expect(sink.ofType('task.finished')[0]).toMatchObject({ status: 'ok', attempts: 3, result: { calls: 3 } });
  });

  it('fails when until never holds, naming the condition', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'poll', module: 'counter', retry: { retries: 2, delayMs: 0, until: 'result.calls > 10' } }],
      modules: { counter: counter(0) },
    });
    expect(summary.failures[0]?.message).toBe('step "poll": "result.calls > 10" was still false after 3 attempt(s)');
  });

  it('times out a task that takes too long, even one that ignores its signal, as a failure', async () => {
    const { summary, sink } = await runEngine({
      steps: [{ id: 'hang', module: 'hang', hosts: 'kvm-a1', timeoutMs: 20 }],
      modules: { hang: testModule('hang', { plan: () => new Promise(() => undefined) }) },
    });
    expect(summary.failures).toEqual([
      expect.objectContaining({
        stepId: 'hang',
        target: 'kvm-a1',
        message: 'step "hang" on kvm-a1: timed out after 20ms',
        code: 'TASK_TIMEOUT',
      }),
    ]);
    expect(sink.ofType('task.finished')[0]?.error?.code).toBe('TASK_TIMEOUT');
  });

  it('aborts the signal of a task that times out, so its I/O stops', async () => {
    let wasAborted = false;
    await runEngine({
      steps: [{ id: 'wait', module: 'wait', args: { for: '1h' }, timeoutMs: 20 }],
      modules: {
        wait: testModule('wait', {
          plan: () => Promise.resolve({ status: 'changes', changes: [{ path: 'wait' }] }),
          apply: (ctx) =>
            new Promise((_resolve, reject) => {
              ctx.signal.addEventListener('abort', () => {
                wasAborted = true;
                reject(new Error('stopped'));
              });
            }),
        }),
      },
    });
    expect(wasAborted).toBe(true);
  });

  it('marks every task interrupted when the run is interrupted, and starts no new one', async () => {
    const controller = new AbortController();
    const { summary, sink } = await runEngine({
      signal: controller.signal,
      steps: [
        { id: 'long', module: 'wait', args: { for: '1h' }, hosts: 'site:primary' },
        { id: 'next', module: 'echo', args: { msg: 1 } },
      ],
      modules: {
        wait: testModule('wait', {
          plan: () => {
            setImmediate(() => controller.abort(new Error('SIGINT')));
            return Promise.resolve({ status: 'changes', changes: [{ path: 'wait' }] });
          },
          apply: (ctx) =>
            new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
        }),
      },
    });
    expect(summary.status).toBe('interrupted');
    expect(sink.finished()).toEqual(['long/kvm-a1: failed', 'long/kvm-a2: failed']);
    expect(summary.failures.map((f) => f.message)).toEqual([
      'step "long" on kvm-a1: interrupted',
      'step "long" on kvm-a2: interrupted',
    ]);
  });
});
