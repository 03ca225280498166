import { OlvmApiError, OlvmFailure } from '../../../../src/olvm';
import { WriteNotConfirmedError } from '../../../../src/modules/olvm/errors';
import { WriteLog } from '../../../../src/modules/olvm/write';
import { makeModuleContext } from '../../../helpers/module-context';

function engineError(isMaybeApplied: boolean): OlvmApiError {
  return new OlvmApiError({
    failure: isMaybeApplied ? OlvmFailure.TIMEOUT : OlvmFailure.HTTP,
    operation: 'update of host kvm-a1',
    method: 'PUT',
    path: '/hosts/1',
    ...(isMaybeApplied ? { timeoutMs: 1000 } : { status: 409, detail: '[Cannot edit Host.]' }),
    isRetryable: false,
    isMaybeApplied,
  });
}

describe('an engine write', () => {
  it('sends once with a fresh correlation id and returns the reply', async () => {
    const ctx = makeModuleContext({ stepId: 'spm' });
    const log = new WriteLog(ctx);
    const sent: string[] = [];
    const reply = await log.write({
      operation: 'x',
      send: (id) => Promise.resolve(sent.push(id)),
      isApplied: () => Promise.reject(new Error('not read')),
    });
    expect(reply).toBe(1);
    expect(sent).toEqual(['spm-1']);
    expect(log.correlationIds).toEqual(['spm-1']);
  });

  it('counts a lost reply as done when a fresh read shows the change, with a warning, without sending again', async () => {
    const ctx = makeModuleContext();
    let sends = 0;
    const reply = await new WriteLog(ctx).write({
      operation: 'update of host kvm-a1',
      send: () => {
        sends += 1;
        return Promise.reject(engineError(true));
      },
      isApplied: () => Promise.resolve(true),
    });
    expect(reply).toBeUndefined();
    expect(sends).toBe(1);
    expect(ctx.warnings).toEqual([
      expect.stringMatching(/^update of host kvm-a1: the reply was lost \(.*\), but the engine shows the change$/),
    ]);
  });

  it.each([
    ['the fresh read does not show the change', () => Promise.resolve(false)],
    ['the fresh read fails', () => Promise.reject(new Error('engine gone'))],
  ])('fails retryably, naming the correlation id, when %s', async (_what, isApplied) => {
    const ctx = makeModuleContext({ stepId: 'spm' });
    const error = (await new WriteLog(ctx)
      .write({ operation: 'update of host kvm-a1', send: () => Promise.reject(engineError(true)), isApplied })
      .catch((e: unknown) => e)) as WriteNotConfirmedError;
    expect(error).toBeInstanceOf(WriteNotConfirmedError);
    expect(error).toMatchObject({ isRetryable: true, correlationId: 'spm-1', code: 'OLVM_WRITE_NOT_CONFIRMED' });
    expect(error.message).toBe(
      'update of host kvm-a1 may or may not have reached the engine (correlation id spm-1); a fresh read does not show it applied'
    );
  });

  it('passes a refusal through without reading again', async () => {
    let reads = 0;
    const refusal = engineError(false);
    await expect(
      new WriteLog(makeModuleContext()).write({
        operation: 'x',
        send: () => Promise.reject(refusal),
        isApplied: () => Promise.resolve(++reads > 0),
      })
    ).rejects.toBe(refusal);
    expect(reads).toBe(0);
  });
});
