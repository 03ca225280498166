/**
 * Waits that speak: a line every 30 s of the engine's clock (elapsed of timeout, what is still missing), the
 * elapsed time in the live view after every poll, and a timeout counted on the engine's clock. The lab's clock
 * moves 2 s on every read, so the lines come at the same engine times on any machine.
 */
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab, ModuleRun } from '../../../helpers/olvm-modules';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

function spoken(run: ModuleRun): string[] {
  return run.sink
    .ofType('task.output')
    .filter((e) => e.isProgress !== true)
    .map((e) => e.line);
}

function elapsedOf(line: string): number {
  const match = /^(?:(\d+)m)?(\d+(?:\.\d)?)s of /.exec(line);
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2]) : Number.NaN;
}

describe.each([
  ['olvm.wait', { condition: 'hosts_status', hosts: ['kvm-b1'], status: 'maintenance', poll: '3s', timeout: '2m' }],
  ['olvm.spm', { site: 'secondary', poll: '3s', timeout: '2m' }],
])('%s waiting for what never comes', (module, args) => {
  let run: ModuleRun;
  // Real time follows the machine's load: the lab's clock moves only as the wait reads it.
  beforeAll(async () => {
    run = await env.run([{ id: 'never', module, args }]);
  }, 150_000);

  it('fails after its timeout on the engine clock', () => {
    expect(run.summary.failures[0]?.message).toMatch(/^gave up waiting for .* after 2m00s/);
  });

  it('says every 30 s of the engine clock how long it waited of its timeout and what is missing', () => {
    const lines = spoken(run).filter((l) => / of 2m00s: /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(4);
    const seconds = lines.map(elapsedOf);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBeGreaterThanOrEqual(28);
    expect(lines[0]).toMatch(module === 'olvm.wait' ? /: 0 of 1 hosts maintenance/ : /: SPM on kvm-a\d; waiting/);
  });

  it('shows the elapsed time in the live view', () => {
    const progress = run.sink.ofType('task.output').filter((e) => e.isProgress === true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.line).toMatch(/^(\d+m)?\d+(\.\d)?m?s of 2m00s: /);
  });
});
