import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEngine, testModule } from '../../helpers/engine';

describe('dry-run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-dry-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('plans every task and applies none', async () => {
    const marker = join(dir, 'marker');
    const { sink, summary } = await runEngine({
      isDryRun: true,
      steps: [{ id: 'touch', module: 'local.command', args: { cmd: ['touch', marker] } }],
    });
    expect(existsSync(marker)).toBe(false);
    expect(sink.finished()).toEqual(['touch: changed']);
    expect(summary.changes).toEqual([{ stepId: 'touch', changes: [{ path: 'run', note: `run: touch ${marker}` }] }]);
  });

  it('reports tasks that need an earlier unapplied result as unknown, naming the step, and plans on', async () => {
    const { sink, summary } = await runEngine({
      isDryRun: true,
      steps: [
        { id: 'make', module: 'local.command', args: { shell: 'echo 42' }, register: 'out' },
        { id: 'show', module: 'echo', args: { msg: 'got {{ out.stdout }}' } },
        { id: 'guarded', module: 'echo', args: { msg: 1 }, when: 'out.rc == 0' },
        { id: 'whole', module: 'echo', args: { msg: '{{ out }}' } },
        { id: 'after', module: 'echo', args: { msg: 'still planned' } },
      ],
    });
    const reason = 'depends on step "make" which would change in a real run';
    expect(summary.unknowns).toEqual([
      { stepId: 'show', reason },
      { stepId: 'guarded', reason },
      { stepId: 'whole', reason },
    ]);
    expect(sink.finished()).toEqual([
      'make: changed',
      'show: changed',
      'guarded: changed',
      'whole: changed',
      'after: ok',
    ]);
    expect(summary.status).toBe('ok');
  });

  it('carries unknowns through registers of unknown tasks and through loops', async () => {
    const { summary } = await runEngine({
      isDryRun: true,
      steps: [
        { id: 'make', module: 'local.command', args: { shell: 'echo a b' }, register: 'out' },
        { id: 'derived', module: 'echo', args: { msg: '{{ out.stdout }}' }, register: 'd' },
        { id: 'loop', module: 'echo', args: { msg: '{{ item }}' }, loop: { items: '{{ d.msg | split }}', as: 'item' } },
      ],
    });
    expect(summary.unknowns.map((u) => [u.stepId, u.reason])).toEqual([
      ['derived', 'depends on step "make" which would change in a real run'],
      ['loop', 'depends on step "derived" which would change in a real run'],
    ]);
  });

  it('reports a module plan of unknown with its reason', async () => {
    const { summary } = await runEngine({
      isDryRun: true,
      steps: [{ id: 'probe', module: 'unsure' }],
      modules: {
        unsure: testModule('unsure', {
          plan: () => Promise.resolve({ status: 'unknown', changes: [], reason: 'the host is not installed yet' }),
        }),
      },
    });
    expect(summary.unknowns).toEqual([{ stepId: 'probe', reason: 'the host is not installed yet' }]);
  });

  it('fails a module plan of unknown in a real run', async () => {
    const { summary } = await runEngine({
      steps: [{ id: 'probe', module: 'unsure' }],
      modules: {
        unsure: testModule('unsure', {
          plan: () => Promise.resolve({ status: 'unknown', changes: [], reason: 'why' }),
        }),
      },
    });
    expect(summary.failures[0]?.message).toBe('step "probe": the module could not plan: why');
  });

  it('still fails a template error unrelated to unknown results', async () => {
    const { summary } = await runEngine({
      isDryRun: true,
      steps: [{ id: 'typo', module: 'echo', args: { msg: '{{ nothere }}' } }],
    });
    expect(summary.status).toBe('failed');
    expect(summary.unknowns).toEqual([]);
  });

  it('does not ask confirm questions in dry-run', async () => {
    const prompt = jest.fn();
    const { summary } = await runEngine({
      isDryRun: true,
      prompt,
      steps: [{ id: 'c', module: 'echo', args: { msg: 1 }, confirm: 'Sure?' }],
    });
    expect(prompt).not.toHaveBeenCalled();
    expect(summary.status).toBe('ok');
  });
});
