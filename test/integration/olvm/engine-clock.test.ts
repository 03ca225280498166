/**
 * The engine's clock over HTTP: the lab sends its virtual time as `Date`, the client reads it, and a wait on a lab
 * running 120 times faster than the wall clock times out after 10 lab minutes, polled every 3 lab seconds.
 */
import { HostStatus, OlvmWaitTimeoutError } from '../../../src/olvm';
import type { OlvmClient, RequestReport } from '../../../src/olvm';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
beforeAll(async () => {
  env = await startOlvmLab({ speed: 120 });
});
afterAll(() => env.close());

it("sends the lab's virtual time as the Date header, consistent with the API root's time", async () => {
  env.lab.clock.advance(7 * 3_600_000);
  const client = env.connect();
  const before = env.lab.clock.now();
  const info = await client.info();
  const after = env.lab.clock.now();
  const read = client.clock.now();
  expect(info.time).toBeGreaterThanOrEqual(before);
  expect(info.time).toBeLessThanOrEqual(after);
  // The header holds whole seconds: the clock reads it, carried forward by at most the time since the reply.
  expect(read).toBeGreaterThanOrEqual(before - 1_000);
  expect(read).toBeLessThanOrEqual(env.lab.clock.now() + 1_000);
  expect(read - Date.now()).toBeGreaterThan(6 * 3_600_000);
});

it('times a host wait out in lab time, polling no faster than every 3 lab seconds', async () => {
  const reads: number[] = [];
  const client: OlvmClient = env.connect({
    onRequest: (info: RequestReport) => {
      if (info.method === 'GET' && /\/hosts\/[^/?]+$/.test(info.path)) reads.push(env.lab.clock.now());
    },
  });
  const host = (await client.hosts.findByName('kvm-b1'))!;
  const labStart = env.lab.clock.now();
  const realStart = Date.now();
  const error = await client.hosts
    .waitForStatus(host.id, [HostStatus.MAINTENANCE], { timeoutMs: 10 * 60_000, intervalMs: 3_000 })
    .catch((e: unknown) => e);
  const realMs = Date.now() - realStart;
  expect(error).toBeInstanceOf(OlvmWaitTimeoutError);
  expect((error as Error).message).toMatch(/^gave up waiting for host kvm-b1 to reach maintenance after 10m00s/);
  expect(env.lab.clock.now() - labStart).toBeGreaterThanOrEqual(10 * 60_000);
  expect(realMs).toBeLessThan((10 * 60_000) / 10);
  // On average every 3 lab seconds or slower. One gap may come out shorter as the lab's clock is read here (a
  // fresh-clone CI run saw 1.8 s once, the client pacing by a rate bound of its own Date readings), never by much.
  const gaps = reads.slice(1).map((at, i) => at - reads[i]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
  expect((reads.at(-1)! - reads[0]!) / gaps.length).toBeGreaterThanOrEqual(3_000 - 100);
  expect(reads.length).toBeLessThanOrEqual((10 * 60) / 3 + 2);
  // Paced on the wall clock, 5 real seconds would have seen 2 reads.
  expect(reads.length).toBeGreaterThan(10);
});
