import { reportStrayError } from '../../../src/cli/last-resort';
import { exitCodeOf, formatError } from '../../../src/cli/report-error';
import { ExitCode, RunbookError } from '../../../src/shared/errors';
import { clearSecrets, registerSecret } from '../../../src/shared/redact';

describe('formatError', () => {
  afterEach(() => clearSecrets());

  it('prints the message, Try this and the cause chain, without a stack', () => {
    const root = new Error('ECONNREFUSED 127.0.0.1:443');
    const error = new RunbookError('cannot reach the engine', { code: 'X', hint: 'start the lab', cause: root });
    expect(formatError(error, false)).toBe(
      'error: cannot reach the engine\nTry this: start the lab\nCaused by: ECONNREFUSED 127.0.0.1:443\n'
    );
  });

  it('adds the stacks with RUNBOOK_DEBUG', () => {
    expect(formatError(new RunbookError('boom', { code: 'X' }), true)).toMatch(/\n\s+at /);
  });

  it('calls an error that is not ours a bug and asks for a report', () => {
    const text = formatError(new TypeError('x is not a function'), false);
    expect(text).toContain('internal error: x is not a function');
    expect(text).toContain('please report it');
    expect(exitCodeOf(new TypeError('x'))).toBe(ExitCode.INTERNAL);
  });

  it('masks secrets in the message and the causes', () => {
    registerSecret('s3cret-token');
    const error = new RunbookError('login with s3cret-token failed', { code: 'X', cause: new Error('s3cret-token') });
    expect(formatError(error, false)).not.toContain('s3cret-token');
  });

  it.each([
    [ExitCode.REFUSED, new RunbookError('r', { code: 'R', exitCode: ExitCode.REFUSED })],
    [ExitCode.STEP_FAILED, new RunbookError('s', { code: 'S' })],
  ])('maps an error to exit code %d', (code, error) => {
    expect(exitCodeOf(error)).toBe(code);
  });
});

describe('reportStrayError (an error nothing awaited)', () => {
  afterEach(() => clearSecrets());

  function report(error: unknown, env: NodeJS.ProcessEnv = {}): { text: string; codes: number[] } {
    let text = '';
    const codes: number[] = [];
    const output = { write: (t: string) => void (text += t), isTTY: false };
    const io = { stdout: output, stderr: output, isInteractive: false, env, cwd: '/' };
    reportStrayError(error, io, (code) => codes.push(code));
    return { text, codes };
  }

  it('reports a stray bug as an internal error without a stack, masked, and exits INTERNAL', () => {
    registerSecret('hunter22');
    const { text, codes } = report(new TypeError('socket closed while sending hunter22'));
    expect(text).toBe(
      'internal error: socket closed while sending ***\nTry this: this is a bug in runbook; please report it with ' +
        'the command you ran and the output of RUNBOOK_DEBUG=1\n'
    );
    expect(codes).toEqual([ExitCode.INTERNAL]);
  });

  it('exits with the code of a stray RunbookError, and shows the stack only with RUNBOOK_DEBUG=1', () => {
    const error = new RunbookError('engine connection lost', { code: 'X', exitCode: ExitCode.CONNECTION });
    expect(report(error)).toEqual({ text: 'error: engine connection lost\n', codes: [ExitCode.CONNECTION] });
    expect(report(error, { RUNBOOK_DEBUG: '1' }).text).toMatch(/\n\s+at /);
  });
});
