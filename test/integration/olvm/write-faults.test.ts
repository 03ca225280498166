/**
 * Faults on writes: a write is never repeated by the client. What may have reached the engine says so
 * (`isMaybeApplied`), so that the module re-reads and re-plans instead of blindly sending it again.
 */
import { OlvmApiError, OlvmFailure } from '../../../src/olvm';
import type { OlvmClient, RequestReport } from '../../../src/olvm';
import type { FaultKind } from '../../../src/lab';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let hostId: string;
beforeAll(async () => {
  env = await startOlvmLab();
  hostId = (await env.connect({ isReadOnly: true }).hosts.findByName('kvm-a1'))!.id;
});
afterEach(() => env.lab.faults.clear());
afterAll(() => env.close());

function deactivatePath(): string {
  return `/ovirt-engine/api/hosts/${hostId}/deactivate`;
}

async function failedDeactivate(client: OlvmClient, kind: FaultKind): Promise<OlvmApiError> {
  await client.hosts.list();
  env.lab.writes.reset();
  env.lab.faults.inject({ method: 'POST', path: deactivatePath(), kind, times: 1 });
  const error = await client.hosts
    .deactivate(hostId, { correlationId: `fault-${kind}`, reason: 'drill' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OlvmApiError);
  return error as OlvmApiError;
}

describe('a write that fails is sent once', () => {
  it.each([
    ['503', '503' as const, { failure: OlvmFailure.HTTP, status: 503, isRetryable: true, isMaybeApplied: false }],
    ['502', '502' as const, { failure: OlvmFailure.HTTP, status: 502, isRetryable: true, isMaybeApplied: true }],
    ['500', '500' as const, { failure: OlvmFailure.HTTP, status: 500, isRetryable: false, isMaybeApplied: true }],
    ['drop', 'drop' as const, { failure: OlvmFailure.CONNECTION, isRetryable: true, isMaybeApplied: true }],
    ['hang', 'hang' as const, { failure: OlvmFailure.TIMEOUT, isRetryable: true, isMaybeApplied: true }],
  ])(
    'after %s: one request, and an error that says whether it may have been applied',
    async (_label, kind, expected) => {
      const client = env.connect({ timeoutMs: 300 });
      const error = await failedDeactivate(client, kind);
      expect(error).toMatchObject({ ...expected, method: 'POST', correlationId: `fault-${kind}` });
      expect(env.lab.writes.count({ path: '/deactivate' })).toBe(1);
      expect(client.stats()).toMatchObject({ writes: 1, retries: 0 });
    }
  );

  it('names the write and tells the caller to re-read when it may have been applied', async () => {
    const client = env.connect();
    const error = await failedDeactivate(client, 'drop');
    expect(error.message).toMatch(
      /^could not reach the engine for deactivate of host kvm-a1: .*; the write may have reached the engine: re-read before repeating it$/
    );
    expect(error.hint).toMatch(/re-read/);
  });

  it('waits for a slow write to be answered, and sends it once', async () => {
    const reports: RequestReport[] = [];
    const client = env.connect({ timeoutMs: 5_000, onRequest: (r) => reports.push(r) });
    await client.hosts.list();
    env.lab.writes.reset();
    env.lab.faults.inject({ method: 'PUT', path: `/hosts/${hostId}`, kind: 'slow', delayMs: 50, times: 1 });
    await client.hosts.update(hostId, { comment: 'slow write' }, { correlationId: 'slow-1' }).catch(() => undefined);
    expect(env.lab.writes.count({ method: 'PUT' })).toBe(1);
    expect(reports.filter((r) => r.method === 'PUT').map((r) => r.correlationId)).toEqual(['slow-1']);
  });
});
