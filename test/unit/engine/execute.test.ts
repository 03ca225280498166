import { RecordingSink, testModule, runEngine } from '../../helpers/engine';
import { GROUP_MS } from '../../../src/engine/durability';
import { UnknownStepError } from '../../../src/engine/errors';
import type { RunEvent } from '../../../src/engine/events';

describe('executeRun', () => {
  it('runs steps in order, a step without hosts once and a step with hosts once per target', async () => {
    const { sink, summary } = await runEngine({
      steps: [
        { id: 'hello', module: 'echo', args: { msg: 'hi' } },
        { id: 'per-host', module: 'echo', hosts: 'site:primary', args: { msg: '{{ host.name }}' } },
      ],
    });
    expect(sink.finished()).toEqual(['hello: ok', 'per-host/kvm-a1: ok', 'per-host/kvm-a2: ok']);
    expect(summary).toMatchObject({ status: 'ok', counts: { ok: 3, changed: 0, skipped: 0, failed: 0 } });
  });

  it('emits every transition of a task in order, ending with run.finished', async () => {
    const { sink } = await runEngine({ steps: [{ id: 'hello', module: 'echo', args: { msg: 'hi' } }] });
    expect(sink.events.map((e) => e.type)).toEqual([
      'step.started',
      'task.started',
      'task.output',
      'task.planned',
      'task.finished',
      'step.finished',
      'run.finished',
    ]);
    expect(sink.ofType('task.finished')[0]).toMatchObject({ result: { msg: 'hi' }, outputExcerpt: 'hi', attempts: 1 });
  });

  it.each([
    { isNoLog: false, diff: { diff: '--- x\n+++ x\n' } },
    { isNoLog: true, diff: {} },
  ])(
    'reports the changes an apply says it made instead of the planned ones (no_log $isNoLog)',
    async ({ isNoLog, diff }) => {
      const planned = { path: 'spm', from: 'kvm-b1', to: 'kvm-a1', note: 'would force-select kvm-a1' };
      const made = {
        path: 'spm',
        from: 'kvm-b1',
        to: 'kvm-a2',
        note: 'an election put the SPM on kvm-a2',
        diff: '--- x\n+++ x\n',
      };
      const { sink } = await runEngine({
        steps: [
          { id: 'spm', module: 'told', isNoLog },
          { id: 'planned', module: 'planned' },
        ],
        modules: {
          told: testModule('told', {
            plan: () => Promise.resolve({ status: 'changes', changes: [planned] }),
            apply: () => Promise.resolve({ changes: [made] }),
          }),
          planned: testModule('planned', { plan: () => Promise.resolve({ status: 'changes', changes: [planned] }) }),
        },
      });
      const [told, fromPlan] = sink.ofType('task.finished');
      expect(told?.changes).toEqual([{ path: 'spm', from: 'kvm-b1', to: 'kvm-a2', note: made.note, ...diff }]);
      expect(fromPlan?.changes).toEqual([{ ...planned, note: 'force-selected kvm-a1' }]);
    }
  );

  /** Records event types and completed flushes; a flush completes a turn of the event loop later. */
  function trailSink(label: (event: RunEvent) => string = (event) => event.type) {
    const trail: string[] = [];
    const sink = {
      emit: (event: RunEvent) => void trail.push(label(event)),
      flush: async () => {
        await new Promise((r) => setImmediate(r));
        trail.push('flushed');
      },
    };
    return { trail, sink };
  }

  it('makes a task that changed something durable before anything after it starts', async () => {
    const { trail, sink } = trailSink((event) =>
      event.type === 'task.finished' ? `${event.stepId} ${event.status}` : event.type
    );
    await runEngine({
      sink,
      steps: [
        { id: 'look', module: 'echo', args: { msg: 1 } },
        { id: 'change', module: 'changer' },
        { id: 'then', module: 'echo', args: { msg: 2 } },
      ],
      modules: { changer: testModule('changer', {}) },
    });
    const boundaries = trail.filter((t) => t.startsWith('step.started') || / (ok|changed)$/.test(t) || t === 'flushed');
    expect(boundaries).toEqual([
      'step.started',
      'look ok',
      'step.started',
      'change changed',
      'flushed',
      'step.started',
      'then ok',
      'flushed',
    ]);
    expect(trail.at(-2)).toBe('run.finished');
  });

  it('groups the syncs of tasks that changed nothing: 2,500 echo steps, three syncs', async () => {
    const sink = new RecordingSink();
    const steps = Array.from({ length: 2500 }, (_, i) => ({ id: `echo-${i}`, module: 'echo', args: { msg: i } }));
    const startedAt = Date.now();
    const { summary } = await runEngine({ sink, steps });
    const elapsedMs = Date.now() - startedAt;
    expect(summary.counts.ok).toBe(2500);
    // After 1,000 and 2,000 tasks and at the end of the run; on a slow machine also once per GROUP_MS of waiting.
    expect(sink.flushes).toBeGreaterThanOrEqual(3);
    expect(sink.flushes).toBeLessThanOrEqual(3 + Math.floor(elapsedMs / GROUP_MS));
  });

  it('does not wait for the journal in a dry run, where nothing changes', async () => {
    const sink = new RecordingSink();
    const steps = Array.from({ length: 20 }, (_, i) => ({ id: `change-${i}`, module: 'changer' }));
    const { summary } = await runEngine({
      sink,
      steps,
      isDryRun: true,
      modules: { changer: testModule('changer', {}) },
    });
    expect(summary.counts.changed).toBe(20);
    expect(sink.flushes).toBe(1);
  });

  it('syncs tasks that changed nothing at most a second after the first of them finished', async () => {
    const { trail, sink } = trailSink();
    const slow = testModule('slow', {
      plan: async () => {
        await new Promise((r) => setTimeout(r, 1100));
        return { status: 'none', changes: [] };
      },
    });
    await runEngine({
      sink,
      steps: [
        { id: 'first', module: 'echo', args: { msg: 1 } },
        { id: 'slow', module: 'slow' },
        { id: 'last', module: 'echo', args: { msg: 2 } },
      ],
      modules: { slow },
    });
    const boundaries = trail.filter((t) => t === 'task.finished' || t === 'flushed');
    expect(boundaries).toEqual(['task.finished', 'task.finished', 'flushed', 'task.finished', 'flushed']);
  });

  it('makes each loop item that changed something durable before the next item of that target starts', async () => {
    const { trail, sink } = trailSink((event) =>
      event.type === 'task.started' ? `started ${event.item}` : event.type
    );
    await runEngine({
      sink,
      steps: [{ id: 'each', module: 'changer', args: { msg: '{{ x }}' }, loop: { items: ['a', 'b', 'c'], as: 'x' } }],
      modules: { changer: testModule('changer', {}) },
    });
    const items = trail.filter((t) => t.startsWith('started') || t === 'task.finished' || t === 'flushed');
    expect(items.slice(0, 9)).toEqual([
      'started a',
      'task.finished',
      'flushed',
      'started b',
      'task.finished',
      'flushed',
      'started c',
      'task.finished',
      'flushed',
    ]);
  });

  it('applies only tasks whose plan has changes, and reports them as changed', async () => {
    const applied: string[] = [];
    const { sink } = await runEngine({
      steps: [{ id: 'set', module: 'setter', hosts: 'group:kvm' }],
      modules: {
        setter: testModule('setter', {
          plan: (ctx) =>
            Promise.resolve(
              ctx.target?.site === 'primary'
                ? { status: 'changes', changes: [{ path: 'spm_priority', from: 5, to: 8 }] }
                : { status: 'none', changes: [] }
            ),
          apply: (ctx) => {
            applied.push(ctx.target?.name ?? '');
            return Promise.resolve({ result: { done: true } });
          },
        }),
      },
    });
    expect(applied.sort()).toEqual(['kvm-a1', 'kvm-a2']);
    expect(sink.finished()).toEqual(expect.arrayContaining(['set/kvm-a1: changed', 'set/kvm-b1: ok']));
    const a1 = sink.ofType('task.finished').find((e) => e.target === 'kvm-a1');
    expect(a1?.changes).toEqual([{ path: 'spm_priority', from: 5, to: 8 }]);
  });

  it('stops after a failure once the targets in flight finish, and names every failed step x host', async () => {
    const { sink, summary } = await runEngine({
      forks: 2,
      steps: [
        { id: 'break', module: 'breaker', hosts: 'group:kvm' },
        { id: 'never', module: 'echo', args: { msg: 'not reached' } },
      ],
      modules: {
        breaker: testModule('breaker', {
          plan: (ctx) => Promise.reject(new Error(`disk full on ${ctx.target?.name ?? '?'}`)),
        }),
      },
    });
    expect(sink.finished()).toEqual(['break/kvm-a1: failed', 'break/kvm-a2: failed']);
    expect(summary.status).toBe('failed');
    expect(summary.failures).toEqual([
      { stepId: 'break', target: 'kvm-a1', message: 'disk full on kvm-a1', isIgnored: false },
      { stepId: 'break', target: 'kvm-a2', message: 'disk full on kvm-a2', isIgnored: false },
    ]);
    expect(sink.ofType('run.finished')[0]?.failures).toHaveLength(2);
  });

  it('goes on after a failure marked ignore_errors, and registers the failure', async () => {
    const { sink, summary } = await runEngine({
      steps: [
        {
          id: 'fails',
          module: 'local.command',
          args: { shell: 'echo oops >&2; exit 4' },
          ignoreErrors: true,
          register: 'out',
        },
        { id: 'after', module: 'echo', args: { msg: 'rc={{ out.rc }} failed={{ out.failed }}' } },
      ],
    });
    expect(sink.finished()).toEqual(['fails: failed', 'after: ok']);
    expect(sink.ofType('task.finished')[1]?.result).toMatchObject({ msg: 'rc=4 failed=true' });
    expect(summary.status).toBe('ok');
    expect(summary.failures).toEqual([expect.objectContaining({ stepId: 'fails', isIgnored: true })]);
  });

  it.each([
    ['its only failure was ignored', true, { 'kvm-a1': 'fail', 'kvm-a2': 'fail' }, 'ok'],
    ['one target failed (ignored) and one changed', true, { 'kvm-a1': 'fail', 'kvm-a2': 'change' }, 'changed'],
    ['one target failed (not ignored) and one changed', false, { 'kvm-a1': 'fail', 'kvm-a2': 'change' }, 'failed'],
  ])('reports in step.finished the worst status that counts when %s', async (_what, ignoreErrors, outcomes, status) => {
    const { sink } = await runEngine({
      steps: [{ id: 's', module: 'mixed', hosts: 'site:primary', ignoreErrors }],
      modules: {
        mixed: testModule('mixed', {
          plan: (ctx) =>
            (outcomes as Record<string, string>)[ctx.target?.name ?? ''] === 'fail'
              ? Promise.reject(new Error('broken'))
              : Promise.resolve({ status: 'changes', changes: [{ path: 'x', note: 'test' }] }),
        }),
      },
    });
    expect(sink.ofType('step.finished')[0]?.status).toBe(status);
  });

  it('bounds the targets running at once by the step parallel setting', async () => {
    let running = 0;
    let peak = 0;
    await runEngine({
      steps: [{ id: 'slow', module: 'slow', hosts: 'all', parallel: 2 }],
      modules: {
        slow: testModule('slow', {
          plan: async () => {
            running += 1;
            peak = Math.max(peak, running);
            await new Promise((r) => setImmediate(r));
            running -= 1;
            return { status: 'none', changes: [] };
          },
        }),
      },
    });
    expect(peak).toBe(2);
  });

  it.each([
    ['--start-at', { startAt: 'b' }, ['b: ok', 'c: ok']],
    ['--only', { only: ['a', 'c'] }, ['a: ok', 'c: ok']],
    ['--tags', { tags: ['net'] }, ['b: ok']],
    ['--skip-tags', { skipTags: ['net'] }, ['a: ok', 'c: ok']],
  ])('selects steps with %s', async (_flag, selection, finished) => {
    const { sink } = await runEngine({
      ...selection,
      steps: [
        { id: 'a', module: 'echo', args: { msg: 'a' } },
        { id: 'b', module: 'echo', args: { msg: 'b' }, tags: ['net'] },
        { id: 'c', module: 'echo', args: { msg: 'c' } },
      ],
    });
    expect(sink.finished()).toEqual(finished);
  });

  it('refuses a --start-at step the runbook does not have, naming the known ones', async () => {
    const run = runEngine({ startAt: 'nope', steps: [{ id: 'a', module: 'echo', args: { msg: 1 } }] });
    await expect(run).rejects.toThrow(UnknownStepError);
    await expect(run).rejects.toThrow('--start-at: no step "nope" in the runbook (known: a)');
  });

  it('narrows every step with hosts to --limit', async () => {
    const { sink } = await runEngine({
      limit: 'kvm-b1',
      steps: [
        { id: 'once', module: 'echo', args: { msg: 1 } },
        { id: 'all', module: 'echo', hosts: 'group:kvm', args: { msg: 1 } },
      ],
    });
    expect(sink.finished()).toEqual(['once: ok', 'all/kvm-b1: ok']);
  });

  it('still ends with a failed run.finished when a step throws, and rethrows the error', async () => {
    const sink = new RecordingSink();
    let flushes = 0;
    sink.flush = () => (++flushes === 1 ? Promise.reject(new Error('journal disk full')) : Promise.resolve());
    const run = runEngine({
      sink,
      steps: [{ id: 'a', module: 'changer' }],
      modules: { changer: testModule('changer', {}) },
    });
    await expect(run).rejects.toThrow('journal disk full');
    expect(sink.events.at(-1)).toMatchObject({
      type: 'run.finished',
      status: 'failed',
      failures: [{ stepId: 'a', message: 'journal disk full' }],
    });
  });
});
