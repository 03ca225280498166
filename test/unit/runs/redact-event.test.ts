import { capExcerpt, MAX_EXCERPT_CHARS, redactEvent } from '../../../src/runs/redact-event';
import { clearSecrets, registerSecret, REDACTED } from '../../../src/shared/redact';
import { makeRunStarted, makeTaskFinished } from '../../helpers/run-events';

describe('redactEvent', () => {
  afterEach(() => clearSecrets());

  it.each([
    ['-e', 'db_password=hunter2', `db_password=${REDACTED}`],
    ['--extra-var=api_token=abc', '--extra-var=api_token=abc', `--extra-var=api_token=${REDACTED}`],
    ['a plain variable', 'rto_minutes=15', 'rto_minutes=15'],
    ['a path', 'runbooks/x.yaml', 'runbooks/x.yaml'],
  ])('masks secret-named assignments on the command line (%s)', (_name, arg, expected) => {
    const event = redactEvent(makeRunStarted({ argv: ['exec', arg] }));
    expect(event.type === 'run.started' && event.argv).toEqual(['exec', expected]);
  });

  it('masks registered secrets in planned and finished changes, output and errors', () => {
    registerSecret('s3cret-value');
    const event = redactEvent(
      makeTaskFinished(
        { stepId: 'x' },
        { changes: [{ path: 'motd', from: 'old', to: 'says s3cret-value' }], error: { message: 'bad s3cret-value' } }
      )
    );
    expect(JSON.stringify(event)).not.toContain('s3cret-value');
  });

  it('leaves a short excerpt alone and cuts a long one at a line break', () => {
    expect(capExcerpt('short')).toBe('short');
    const long = 'x'.repeat(MAX_EXCERPT_CHARS) + '\nlast line';
    expect(capExcerpt(long)).toMatch(/^\[… \d+ characters cut\]\n/);
    expect(capExcerpt(long).endsWith('last line')).toBe(true);
  });
});
