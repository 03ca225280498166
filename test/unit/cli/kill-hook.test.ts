import { KILL_AFTER_ENV, withKillHook } from '../../../src/cli/kill-hook';
import type { KillableSink } from '../../../src/cli/kill-hook';

function makeSink(): KillableSink {
  return {
    path: '/nonexistent/journal.jsonl',
    emit: jest.fn(),
    flush: jest.fn(() => Promise.resolve()),
    close: jest.fn(() => Promise.resolve()),
  };
}

describe('the crash injector', () => {
  it.each([[{}], [{ [KILL_AFTER_ENV]: '' }], [{ [KILL_AFTER_ENV]: '0' }], [{ [KILL_AFTER_ENV]: 'x' }]])(
    'is the sink itself, untouched, when the environment is %p',
    (env) => {
      const sink = makeSink();
      expect(withKillHook(sink, env)).toBe(sink);
    }
  );

  it('passes events and flushes through while fewer tasks than the limit finished', async () => {
    const sink = makeSink();
    const hooked = withKillHook(sink, { [KILL_AFTER_ENV]: '2' });
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    hooked.emit({ type: 'task.finished', stepId: 'a', at: 1, status: 'ok', durationMs: 1, attempts: 1, changes: [] });
    await hooked.flush?.();
    expect(sink.emit).toHaveBeenCalledTimes(1);
    expect(sink.flush).toHaveBeenCalledTimes(1);
    expect(kill).not.toHaveBeenCalled();
    hooked.emit({ type: 'task.finished', stepId: 'b', at: 1, status: 'ok', durationMs: 1, attempts: 1, changes: [] });
    await hooked.flush?.();
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    kill.mockRestore();
  });
});
