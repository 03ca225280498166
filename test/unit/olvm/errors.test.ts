import { ExitCode, RunbookError } from '../../../src/shared/errors';
import { clearSecrets, registerSecret } from '../../../src/shared/redact';
import { OlvmApiError, OlvmFailure, isRetryableStatus, isStatusMaybeApplied } from '../../../src/olvm/errors';
import type { OlvmApiErrorFields } from '../../../src/olvm/errors';
import { readFault } from '../../../src/olvm/transport';

const base: OlvmApiErrorFields = {
  failure: OlvmFailure.HTTP,
  operation: 'deactivate of host kvm-a1',
  method: 'POST',
  path: '/ovirt-engine/api/hosts/h1/deactivate',
  isRetryable: false,
};

afterEach(() => clearSecrets());

describe('OlvmApiError messages', () => {
  it('says what the engine refused, with its detail and the status', () => {
    const error = new OlvmApiError({
      ...base,
      status: 409,
      reason: 'Operation Failed',
      detail: '[Cannot switch Host to Maintenance mode. Host has asynchronous running tasks.]',
    });
    expect(error.message).toBe(
      'engine refused deactivate of host kvm-a1: [Cannot switch Host to Maintenance mode. Host has asynchronous running tasks.] (409)'
    );
    expect(error).toBeInstanceOf(RunbookError);
    expect(error.code).toBe('OLVM_HTTP_409');
    expect(error.exitCode).toBe(ExitCode.STEP_FAILED);
  });

  it.each([
    [{ failure: OlvmFailure.HTTP, status: 404 }, 'engine refused deactivate of host kvm-a1: not found (404)'],
    [
      { failure: OlvmFailure.HTTP, status: 503, reason: 'Service Unavailable' },
      'engine refused deactivate of host kvm-a1: Service Unavailable (503)',
    ],
    [
      {
        failure: OlvmFailure.CONNECTION,
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        isMaybeApplied: true,
      },
      'could not reach the engine for deactivate of host kvm-a1: socket hang up (ECONNRESET); the write may have reached the engine: re-read before repeating it',
    ],
    [{ failure: OlvmFailure.TIMEOUT, timeoutMs: 500 }, 'engine did not answer deactivate of host kvm-a1 within 500 ms'],
    [{ failure: OlvmFailure.ABORTED }, 'deactivate of host kvm-a1 was interrupted'],
    [
      { failure: OlvmFailure.PROTOCOL, detail: 'a host without an id' },
      'engine sent an unreadable reply to deactivate of host kvm-a1: a host without an id',
    ],
  ] as Array<[Partial<OlvmApiErrorFields>, string]>)('reads %p as a human line', (fields, message) => {
    expect(new OlvmApiError({ ...base, ...fields }).message).toBe(message);
  });

  it('never shows a registered token or password, in the message or in its JSON', () => {
    registerSecret('s3cr3t-token-value');
    const error = new OlvmApiError({
      ...base,
      failure: OlvmFailure.AUTH,
      operation: 'login of admin@internal',
      status: 400,
      reason: 'access_denied',
      detail: "Cannot authenticate user 'admin@internal' with password s3cr3t-token-value",
    });
    expect(error.message).not.toContain('s3cr3t-token-value');
    expect(JSON.stringify(error)).not.toContain('s3cr3t-token-value');
    expect(error.message).toContain('***');
    expect(error.exitCode).toBe(ExitCode.CONNECTION);
  });

  it('keeps the cause out of its JSON form', () => {
    const error = new OlvmApiError({ ...base, failure: OlvmFailure.CONNECTION, cause: { socket: 'huge' } });
    expect(JSON.stringify(error)).not.toContain('huge');
    expect((error as { cause?: unknown }).cause).toEqual({ socket: 'huge' });
  });

  it.each([
    [OlvmFailure.CONNECTION, ExitCode.CONNECTION],
    [OlvmFailure.TIMEOUT, ExitCode.CONNECTION],
    [OlvmFailure.TLS, ExitCode.CONNECTION],
    [OlvmFailure.AUTH, ExitCode.CONNECTION],
    [OlvmFailure.PROTOCOL, ExitCode.STEP_FAILED],
  ])('maps a %s failure to exit code %p', (failure, exitCode) => {
    expect(new OlvmApiError({ ...base, failure }).exitCode).toBe(exitCode);
  });
});

describe('retryability', () => {
  it.each([
    [502, true, true],
    [503, true, true],
    [504, true, true],
    [502, false, true],
    [409, true, true],
    [409, false, false],
    [400, true, false],
    [401, true, false],
    [403, true, false],
    [404, true, false],
    [500, true, false],
  ])('status %p (read: %p) is retryable: %p', (status, isRead, expected) => {
    expect(isRetryableStatus(status, isRead)).toBe(expected);
  });

  it.each([
    [500, true],
    [502, true],
    [504, true],
    [503, false],
    [409, false],
    [400, false],
  ])('a write answered %p may have been applied: %p', (status, expected) => {
    expect(isStatusMaybeApplied(status)).toBe(expected);
  });
});

describe('fault bodies', () => {
  it.each([
    ['a CRUD fault', { reason: 'Operation Failed', detail: '[x]' }, { reason: 'Operation Failed', detail: '[x]' }],
    [
      'an action fault',
      { status: 'failed', fault: { reason: 'Operation Failed', detail: '[y]' } },
      { reason: 'Operation Failed', detail: '[y]' },
    ],
    ['an empty 404 body', undefined, {}],
    [
      'an HTML error page',
      '<html><body><h1>Service Unavailable</h1><p>The server is down.</p></body></html>',
      { detail: 'Service Unavailable The server is down.' },
    ],
  ])('reads %s', (_label, body, expected) => {
    expect(readFault(body)).toEqual(expected);
  });
});
