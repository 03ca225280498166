import { JsonLinesRenderer } from '../../../src/ui/json';
import { ListrRenderer } from '../../../src/ui/listr';
import { PlainRenderer } from '../../../src/ui/plain';
import { TeeSink } from '../../../src/ui/tee';
import { runEngine, testModule } from '../../helpers/engine';

const spm = testModule('spm', {
  plan: (ctx) =>
    ctx.target?.name === 'kvm-a2'
      ? Promise.resolve({ status: 'none', changes: [] })
      : Promise.resolve({ status: 'changes', changes: [{ path: 'spm_priority', from: 5, to: 8 }] }),
});

const steps = [
  { id: 'hello', module: 'echo', name: 'Say hello', args: { msg: 'hello\nworld' } },
  { id: 'spm-priority', module: 'spm', hosts: 'site:primary' },
  { id: 'secondary-only', module: 'echo', hosts: 'kvm-a1', when: "host.site == 'secondary'", args: { msg: 1 } },
  { id: 'broken', module: 'local.command', args: { shell: 'echo boom >&2; exit 3' }, ignoreErrors: true },
];

function collect() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('the JSON lines renderer', () => {
  it('writes one JSON event per line for a run with output, changes, a skip and an ignored failure', async () => {
    const out = collect();
    await runEngine({ forks: 1, steps, modules: { spm }, sink: new JsonLinesRenderer(out, { omitTimings: true }) });
    expect(out.text()).toMatchSnapshot('json lines of an echo, a change on two hosts, a skip and an ignored failure');
    for (const line of out.text().trimEnd().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('keeps the clock fields unless told to drop them', () => {
    const out = collect();
    new JsonLinesRenderer(out).emit({ type: 'warning', at: 42, message: 'm' });
    expect(out.text()).toBe('{"type":"warning","at":42,"message":"m"}\n');
  });
});

describe('the plain renderer', () => {
  it('writes a line per task with status, timing and changes, plus step headers and output', async () => {
    const out = collect();
    await runEngine({ forks: 1, steps, modules: { spm }, sink: new PlainRenderer(out) });
    const text = out.text().replace(/\(\d+(\.\d+)?m?s\)/g, '(T)');
    expect(text.split('\n')).toEqual([
      '== hello: Say hello (echo)',
      '[hello] (once) | hello',
      '[hello] (once) | world',
      '[hello] (once): ok (T)',
      '== spm-priority (spm) on kvm-a1, kvm-a2',
      '[spm-priority] kvm-a1: changed (T)  spm_priority: 5 -> 8',
      '[spm-priority] kvm-a2: ok (T)',
      '== secondary-only (echo) on kvm-a1',
      "[secondary-only] kvm-a1: skipped  when: host.site == 'secondary' was false",
      '== broken (local.command)',
      '[broken] (once) | boom',
      '[broken] (once): failed (ignored) (T)  local.command failed (step "broken"): exit code 3: boom [echo boom >&2; exit 3]',
      '',
    ]);
  });

  it('announces retries with the attempt, the delay and the error', () => {
    const out = collect();
    new PlainRenderer(out).emit({
      type: 'task.retrying',
      at: 0,
      stepId: 's',
      target: 'h',
      attempt: 2,
      delayMs: 5000,
      error: 'busy',
    });
    expect(out.text()).toBe('[s] h: retrying (attempt 2 in 5.0s): busy\n');
  });
});

describe('the listr renderer', () => {
  it('draws a task per step and a subtask per target, and finishes each step before the next starts', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await runEngine({ steps, modules: { spm }, sink: new ListrRenderer({ renderer: 'simple' }) });
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('kvm-a1: changed  spm_priority: 5 -> 8');
    expect(text).toContain('kvm-a2: ok');
    expect(text).toContain('Say hello: ok');
    expect(text).toContain('boom');
    expect(text.indexOf('Say hello: ok')).toBeLessThan(text.indexOf('kvm-a2: ok'));
  });
});

describe('the tee sink', () => {
  it('feeds every sink and flushes them all', async () => {
    const a = collect();
    const b = collect();
    await runEngine({ steps: [steps[0]!], sink: new TeeSink(new PlainRenderer(a), new JsonLinesRenderer(b)) });
    expect(a.text()).toContain('[hello] (once): ok');
    expect(b.text().split('\n').filter(Boolean)).toHaveLength(8);
  });
});
