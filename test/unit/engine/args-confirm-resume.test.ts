import { clearSecrets, registerSecret } from '../../../src/shared/redact';
import { runEngine, testModule } from '../../helpers/engine';

const typed = testModule('typed', {
  schema: {
    type: 'object',
    properties: { spm_priority: { type: 'integer' }, name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  },
  plan: (_ctx, args: Record<string, unknown>) => Promise.resolve({ status: 'none', changes: [], result: { args } }),
});

describe('arguments', () => {
  it('coerces rendered templates to the type the schema asks for', async () => {
    const { sink } = await runEngine({
      steps: [
        {
          id: 'spm',
          module: 'typed',
          hosts: 'kvm-a1',
          args: { name: 'x', spm_priority: "{{ host.site == 'primary' and 8 or 2 }}" },
        },
      ],
      modules: { typed },
    });
    expect(sink.ofType('task.finished')[0]?.result).toMatchObject({ args: { name: 'x', spm_priority: 8 } });
  });

  it('names the step, the host and every bad argument', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'spm', module: 'typed', hosts: 'kvm-a1', args: { spm_priority: 'high', colour: 'red' } }],
      modules: { typed },
    });
    expect(summary.failures[0]?.message).toBe(
      'step "spm" on kvm-a1: args.name is required; args has unknown property "colour" (known: spm_priority, name); args.spm_priority must be integer'
    );
  });
});

describe('confirmation', () => {
  const steps = [
    { id: 'before', module: 'echo', args: { msg: 1 } },
    { id: 'danger', module: 'echo', args: { msg: 2 }, confirm: 'Power off site A?' },
    { id: 'after', module: 'echo', args: { msg: 3 } },
  ];

  it('asks once before the step starts and goes on when the operator says yes', async () => {
    const prompt = jest.fn(() => Promise.resolve(true));
    const { sink } = await runEngine({ prompt, steps: [{ ...steps[1]!, hosts: 'all' }] });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt).toHaveBeenCalledWith('Power off site A?');
    expect(sink.finished()).toHaveLength(5);
  });

  it('asks the question rendered with the run scope (inventory, vars, earlier results)', async () => {
    const prompt = jest.fn(() => Promise.resolve(false));
    const { summary } = await runEngine({
      prompt,
      vars: { what: 'maintenance' },
      steps: [
        { id: 'facts', module: 'echo', args: { msg: 'kvm-a1' }, register: 'first' },
        {
          id: 'failover',
          module: 'echo',
          args: { msg: 1 },
          confirm: 'Put {{ sites.primary.name }} into {{ what }}, starting with {{ first.msg }}?',
        },
      ],
    });
    expect(prompt).toHaveBeenCalledWith('Put primary into maintenance, starting with kvm-a1?');
    expect(summary.refusal).toBe(
      'step "failover": the operator declined "Put primary into maintenance, starting with kvm-a1?"'
    );
  });

  it('stops the run as refused when the operator declines', async () => {
    const { sink, summary } = await runEngine({ prompt: () => Promise.resolve(false), steps });
    expect(sink.finished()).toEqual(['before: ok']);
    expect(summary.refusal).toBe('step "danger": the operator declined "Power off site A?"');
    expect(summary.status).toBe('failed');
  });

  it('masks a secret in the reason a confirmation could not be asked', async () => {
    registerSecret('tty-s3cret');
    try {
      const { summary } = await runEngine({ prompt: () => Promise.reject(new Error('no tty for tty-s3cret')), steps });
      expect(summary.refusal).toBe('step "danger": no tty for ***');
    } finally {
      clearSecrets();
    }
  });

  it('does not ask under --yes', async () => {
    const prompt = jest.fn();
    const { sink } = await runEngine({ isYes: true, prompt, steps });
    expect(prompt).not.toHaveBeenCalled();
    expect(sink.finished()).toHaveLength(3);
  });

  it('stops as refused when a pause is declined', async () => {
    const { summary } = await runEngine({
      prompt: () => Promise.resolve(false),
      steps: [
        { id: 'gate', module: 'pause', args: { prompt: 'Continue?' } },
        { id: 'after', module: 'echo', args: { msg: 1 } },
      ],
    });
    expect(summary.refusal).toBe('step "gate": the operator declined "Continue?"');
    expect(summary.counts).toMatchObject({ failed: 1, ok: 0 });
  });
});

describe('resume', () => {
  it('skips tasks finished before, restoring what they registered, and re-runs failed ones', async () => {
    const ran: string[] = [];
    const track = testModule('track', {
      plan: (ctx) => {
        ran.push(`${ctx.stepId}/${ctx.target?.name ?? ''}`);
        return Promise.resolve({ status: 'none', changes: [], result: { fresh: true } });
      },
    });
    const previous = [
      {
        type: 'task.finished',
        at: 1,
        stepId: 'one',
        status: 'changed',
        durationMs: 1,
        attempts: 1,
        changes: [],
        result: { id: 'abc' },
      },
      {
        type: 'task.finished',
        at: 2,
        stepId: 'two',
        target: 'kvm-a1',
        status: 'ok',
        durationMs: 1,
        attempts: 1,
        changes: [],
      },
      {
        type: 'task.finished',
        at: 3,
        stepId: 'two',
        target: 'kvm-a2',
        status: 'failed',
        durationMs: 1,
        attempts: 1,
        changes: [],
      },
    ] as const;
    const { sink, summary } = await runEngine({
      previous: previous.map((e) => ({ ...e, changes: [] })),
      modules: { track },
      steps: [
        { id: 'one', module: 'track', register: 'made' },
        { id: 'two', module: 'track', hosts: 'site:primary' },
        { id: 'three', module: 'echo', args: { msg: '{{ made.id }}' } },
      ],
    });
    expect(ran).toEqual(['two/kvm-a2']);
    expect(summary.restored).toBe(2);
    expect(sink.ofType('task.finished').at(-1)?.result).toMatchObject({ msg: 'abc' });
  });
});

describe('resume of a step whose tasks all finished', () => {
  it('neither asks, shows nor journals it again (an ignored failure included), and restores what it registered', async () => {
    const done = { type: 'task.finished', at: 1, status: 'changed', durationMs: 1, attempts: 1 } as const;
    const { sink, summary } = await runEngine({
      previous: [
        { ...done, changes: [], stepId: 'asked', result: { answer: 42 } },
        { ...done, changes: [], stepId: 'hosts', target: 'kvm-a1' },
        { ...done, changes: [], stepId: 'hosts', target: 'kvm-a2' },
        { ...done, changes: [], stepId: 'ignored', status: 'failed', isIgnored: true, result: { rc: 3 } },
      ],
      steps: [
        { id: 'asked', module: 'echo', args: { msg: 'x' }, confirm: 'really?', register: 'asked' },
        { id: 'hosts', module: 'echo', args: { msg: 'y' }, hosts: 'site:primary' },
        { id: 'ignored', module: 'echo', args: { msg: 'z' }, ignoreErrors: true, register: 'bad' },
        { id: 'uses', module: 'echo', args: { msg: '{{ asked.answer }} {{ bad.rc }}' } },
      ],
    });
    expect(sink.ofType('step.started').map((e) => e.stepId)).toEqual(['uses']);
    expect(sink.ofType('task.finished').at(-1)?.result).toMatchObject({ msg: '42 3' });
    expect(summary).toMatchObject({ status: 'ok', restored: 4 });
  });
});

describe('redaction', () => {
  afterEach(() => clearSecrets());

  it('masks registered secrets in every event', async () => {
    registerSecret('hunter22');
    const { sink } = await runEngine({
      steps: [{ id: 'leak', module: 'echo', args: { msg: 'the password is hunter22' } }],
    });
    const text = JSON.stringify(sink.events);
    expect(text).not.toContain('hunter22');
    expect(sink.ofType('task.output')[0]?.line).toBe('the password is ***');
  });

  it('masks secrets in retry announcements and failures', async () => {
    registerSecret('hunter22');
    const { sink, summary } = await runEngine({
      steps: [{ id: 'leak', module: 'leaky', retry: { retries: 1, delayMs: 0 } }],
      modules: { leaky: testModule('leaky', { plan: () => Promise.reject(new Error('login hunter22 refused')) }) },
    });
    expect(JSON.stringify(sink.events)).not.toContain('hunter22');
    expect(sink.ofType('task.retrying')[0]?.error).toBe('login *** refused');
    expect(summary.failures[0]?.message).toBe('login *** refused');
  });
});
