import { runEngine } from '../../helpers/engine';
import { loopbackOf } from '../../helpers/inventory';

describe('loops, registers and when', () => {
  it('runs a looped step once per item, keyed by name, else the value, else the index', async () => {
    const { sink } = await runEngine({
      steps: [
        { id: 'named', module: 'echo', args: { msg: '{{ item.name }}' }, loop: { items: '{{ vms }}', as: 'item' } },
        { id: 'plain', module: 'echo', args: { msg: '{{ x }}' }, loop: { items: ['a', 'b'], as: 'x' } },
        {
          id: 'objects',
          module: 'echo',
          args: { msg: '{{ item.n }}' },
          loop: { items: [{ n: 1 }, { n: 2 }], as: 'item' },
        },
      ],
    });
    expect(sink.finished()).toEqual([
      'named/db-1: ok',
      'named/app-1: ok',
      'named/web-1: ok',
      'named/batch-1: ok',
      'plain/a: ok',
      'plain/b: ok',
      'objects/0: ok',
      'objects/1: ok',
    ]);
  });

  it('keys items with loop_key, adding #index to duplicates', async () => {
    const { sink } = await runEngine({
      steps: [
        {
          id: 'keyed',
          module: 'echo',
          args: { msg: 1 },
          loop: { items: "{{ vms | map(attribute='site') | list }}", as: 'site', key: 'site-{{ site }}' },
        },
      ],
    });
    expect(sink.finished()).toEqual([
      'keyed/site-primary: ok',
      'keyed/site-primary#1: ok',
      'keyed/site-secondary: ok',
      'keyed/site-secondary#3: ok',
    ]);
  });

  it('registers a looped step as {results} in item order, each with its item', async () => {
    const { sink } = await runEngine({
      steps: [
        {
          id: 'each',
          module: 'echo',
          args: { msg: '{{ n * 10 }}' },
          loop: { items: [1, 2, 3], as: 'n' },
          register: 'tens',
        },
        { id: 'sum', module: 'echo', args: { msg: "{{ tens.results | map(attribute='msg') | join(',') }}" } },
      ],
    });
    expect(sink.ofType('task.finished').at(-1)?.result).toMatchObject({ msg: '10,20,30' });
  });

  it('registers per target, like hostvars, and a run-once step for everyone', async () => {
    const { sink } = await runEngine({
      steps: [
        { id: 'who', module: 'echo', hosts: 'site:primary', args: { msg: 'I am {{ host.name }}' }, register: 'me' },
        { id: 'global', module: 'echo', args: { msg: 'shared' }, register: 'common' },
        { id: 'read', module: 'echo', hosts: 'site:primary', args: { msg: '{{ me.msg }} / {{ common.msg }}' } },
        { id: 'peek', module: 'echo', args: { msg: "{{ hostvars['kvm-a2'].me.msg }}" } },
      ],
    });
    const results = sink.ofType('task.finished').map((e) => e.result?.msg);
    expect(results.slice(3)).toEqual(['I am kvm-a1 / shared', 'I am kvm-a2 / shared', 'I am kvm-a2']);
  });

  it('skips a target whose when is false, saying why, and registers it as skipped', async () => {
    const { sink } = await runEngine({
      steps: [
        {
          id: 'primary-only',
          module: 'echo',
          hosts: 'group:kvm',
          when: "host.site == 'primary'",
          args: { msg: 1 },
          register: 'r',
        },
        { id: 'check', module: 'echo', hosts: 'kvm-b1', args: { msg: '{{ r.skipped }}' } },
      ],
    });
    expect(sink.finished().sort()).toEqual([
      'check/kvm-b1: ok',
      'primary-only/kvm-a1: ok',
      'primary-only/kvm-a2: ok',
      'primary-only/kvm-b1: skipped',
      'primary-only/kvm-b2: skipped',
    ]);
    const finished = sink.ofType('task.finished');
    expect(finished.find((e) => e.target === 'kvm-b1')?.skipReason).toBe("when: host.site == 'primary' was false");
    expect(finished.at(-1)?.result).toMatchObject({ msg: true });
  });

  it('evaluates when per loop item', async () => {
    const { sink } = await runEngine({
      steps: [
        {
          id: 'ha',
          module: 'echo',
          args: { msg: 1 },
          when: 'vm.high_availability',
          loop: { items: '{{ vms }}', as: 'vm' },
        },
      ],
    });
    expect(sink.finished()).toEqual(['ha/db-1: ok', 'ha/app-1: ok', 'ha/web-1: ok', 'ha/batch-1: skipped']);
  });

  it('shows templates the inventory as spelled in YAML, runbook vars, and the run', async () => {
    const { sink } = await runEngine({
      vars: { greeting: 'hello' },
      steps: [
        {
          id: 'scope',
          module: 'echo',
          hosts: 'kvm-a1',
          args: {
            msg: '{{ greeting }} {{ sites.primary.storage_domains[0] }} {{ cluster.data_center }} {{ host.address }} {{ run.id }} {{ run.isDryRun }}',
          },
        },
      ],
    });
    expect(sink.ofType('task.finished')[0]?.result?.msg).toBe(
      `hello data-a dc1 ${loopbackOf('kvm-a1')} test-run false`
    );
  });

  it('fails a target whose loop does not render to a list', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'bad', module: 'echo', args: { msg: 1 }, loop: { items: '{{ cluster.name }}', as: 'item' } }],
    });
    expect(summary.failures).toEqual([
      expect.objectContaining({ stepId: 'bad', message: 'step "bad": loop must render to a list, got string' }),
    ]);
  });

  it('fails with the template error when a name is undefined in a real run', async () => {
    const { summary } = await runEngine({ steps: [{ id: 'typo', module: 'echo', args: { msg: '{{ hots.x }}' } }] });
    expect(summary.failures[0]?.message).toMatch(/^step "typo" echo.msg: undefined variable "hots"/);
  });
});

describe('include vars', () => {
  it('sit above runbook vars and below registered results', async () => {
    const { sink } = await runEngine({
      vars: { colour: 'red', size: 'small' },
      steps: [
        { id: 'reg', module: 'echo', args: { msg: 'registered' }, register: 'size' },
        {
          id: 'inc/show',
          module: 'echo',
          vars: { colour: 'blue', size: 'large' },
          args: { msg: '{{ colour }} {{ size.msg }}' },
        },
        { id: 'top', module: 'echo', args: { msg: '{{ colour }}' } },
      ],
    });
    expect(sink.ofType('task.finished').map((e) => e.result?.msg)).toEqual(['registered', 'blue registered', 'red']);
  });
});

describe('a when that cannot be evaluated', () => {
  it('fails the task with the template error, naming the step and the field', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'typo', module: 'echo', hosts: 'kvm-a1', when: 'hots.site == 1', args: { msg: 1 } }],
    });
    expect(summary.failures).toEqual([
      expect.objectContaining({
        stepId: 'typo',
        target: 'kvm-a1',
        message: expect.stringMatching(/^step "typo" when: undefined variable "hots"/),
      }),
    ]);
  });
});
