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
      // Long enough for the login and the read before the write on a loaded machine; only the hung write times out.
      const client = env.connect({ timeoutMs: 1_500 });
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
    const updated = await client.hosts.update(hostId, { comment: 'slow write' }, { correlationId: 'slow-1' });
    expect(updated.comment).toBe('slow write');
    expect(env.lab.writes.count({ method: 'PUT' })).toBe(1);
    expect(reports.filter((r) => r.method === 'PUT').map((r) => [r.status, r.correlationId])).toEqual([
      [200, 'slow-1'],
    ]);
  });
});

describe('after a write that may have been applied', () => {
  it('the caller re-reads, sees what happened, and only then decides to send it again', async () => {
    const client = env.connect();
    const error = await failedDeactivate(client, 'drop');
    expect(error.isMaybeApplied).toBe(true);
    const reread = await client.hosts.get(hostId);
    expect(reread.status).toBe('up');
    await expect(client.hosts.deactivate(hostId, { correlationId: 'fault-drop-replanned' })).resolves.toMatchObject({
      status: 'complete',
    });
    expect(env.lab.writes.count({ path: '/deactivate' })).toBe(2);
    await client.hosts.activate(hostId, { correlationId: 'fault-drop-undo' }).catch(() => undefined);
  });
});

describe('a write refused for an expired token', () => {
  it('logs in again and sends the write once more, which the engine applies once', async () => {
    const client = env.connect();
    await client.hosts.list();
    env.lab.writes.reset();
    env.lab.faults.expireTokens();
    const updated = await client.hosts.update(hostId, { spmPriority: 3 }, { correlationId: 'after-expiry' });
    expect(updated.spm.priority).toBe(3);
    expect(client.stats()).toMatchObject({ writes: 2, reLogins: 1, logins: 2, failures: 0 });
    expect(env.lab.writes.count({ method: 'PUT' })).toBe(2);
  });
});

describe('correlation ids', () => {
  it('tags the job of a write with its correlation id, in the form the engine keeps', async () => {
    const client = env.connect();
    const other = (await client.hosts.findByName('kvm-b2'))!;
    const result = await client.hosts.deactivate(other.id, { correlationId: 'olvm.host:maintenance/kvm-b2' });
    expect(result.correlationId).toBe('olvmhostmaintenancekvm-b2');
    const jobs = await client.jobs.findByCorrelationId('olvm.host:maintenance/kvm-b2');
    expect(jobs.map((j) => j.description)).toEqual([expect.stringMatching(/kvm-b2/)]);
  });
});
