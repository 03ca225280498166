/** check.latency and check.l2 through the engine, over SSH to the lab's simulated hosts (ping, ip -j addr). */
import { runWithSsh, startSshLab } from '../../../helpers/olvm-modules';
import type { SshLab } from '../../../helpers/olvm-modules';

const latency = { id: 'latency', module: 'check.latency', args: {} };
const l2 = { id: 'l2', module: 'check.l2', args: {} };

describe('a lab with 4 ms between the sites and one subnet', () => {
  let standalone: SshLab;
  beforeAll(async () => {
    standalone = await startSshLab({ latencyMs: 4 });
  });
  afterAll(() => standalone.close());

  it.each([
    ['a real run', false],
    ['a dry run', true],
  ])('passes check.latency for a standalone engine in %s and registers every round trip', async (_what, isDryRun) => {
    const run = await runWithSsh(standalone, [latency], isDryRun);
    expect(run.summary.status).toBe('ok');
    const result = run.sink.ofType('task.finished')[0]?.result as {
      limit_ms: number;
      round_trips: Array<{ from: string; to: string; avg_ms: number }>;
    };
    expect(result.limit_ms).toBe(100);
    expect(result.round_trips.map((t) => `${t.from}->${t.to}`)).toEqual([
      'kvm-a1->kvm-b1',
      'kvm-a1->kvm-b2',
      'kvm-a2->kvm-b1',
      'kvm-a2->kvm-b2',
    ]);
    for (const trip of result.round_trips) expect(trip.avg_ms).toBeCloseTo(4, 0);
  });

  it('pings a sample of the other site from each host, together reaching every host (sample: 1)', async () => {
    const run = await runWithSsh(standalone, [{ ...latency, args: { sample: 1 } }], true);
    const result = run.sink.ofType('task.finished')[0]?.result as { round_trips: Array<{ from: string; to: string }> };
    expect(result.round_trips.map((t) => `${t.from}->${t.to}`)).toEqual(['kvm-a1->kvm-b1', 'kvm-a2->kvm-b2']);
  });

  it('passes check.l2 when every management address is on one subnet', async () => {
    const run = await runWithSsh(standalone, [l2], true);
    expect(run.summary.status).toBe('ok');
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({ subnet: '127.10.0.0/22' });
  });

  it('fails a stricter max_ms with the measured values', async () => {
    const run = await runWithSsh(standalone, [{ ...latency, args: { max_ms: 2, from: 'kvm-a1', to: 'kvm-b1' } }]);
    expect(run.summary.failures[0]?.message).toMatch(
      /^step "latency": check.latency: round trip kvm-a1 -> kvm-b1 is 4\.\d+ ms, over the 2 ms this check allows \(the procedure: a maximum latency of 100ms is required for the standalone Engine environment\)$/
    );
  });
});

describe('a self-hosted lab with 12 ms between the sites', () => {
  let selfHosted: SshLab;
  beforeAll(async () => {
    selfHosted = await startSshLab({
      latencyMs: 12,
      inventory: { engine: { kind: 'self-hosted', ha: 'hosted-engine' } },
    });
  });
  afterAll(() => selfHosted.close());

  it('fails check.latency against the 7 ms a self-hosted engine allows, naming every pair', async () => {
    const run = await runWithSsh(selfHosted, [latency], true);
    const message = run.summary.failures[0]?.message ?? '';
    expect(message.split('\n')).toEqual([
      'step "latency": check.latency failed (4 problems):',
      expect.stringMatching(
        /^ {2}- round trip kvm-a1 -> kvm-b1 is 1[12]\.\d+ ms, over the 7 ms a self-hosted engine allows$/
      ),
      expect.stringMatching(/^ {2}- round trip kvm-a1 -> kvm-b2 is /),
      expect.stringMatching(/^ {2}- round trip kvm-a2 -> kvm-b1 is /),
      expect.stringMatching(/^ {2}- round trip kvm-a2 -> kvm-b2 is /),
      '    (the procedure: a maximum latency of 7ms is required for self-hosted engine environment)',
    ]);
  });

  it('checks from the task host only when the step runs on hosts', async () => {
    const run = await runWithSsh(selfHosted, [{ ...latency, hosts: 'kvm-a2', args: { to: 'kvm-b1' } }], true);
    expect(run.summary.failures[0]?.message).toMatch(
      /^step "latency" on kvm-a2: check.latency: round trip kvm-a2 -> kvm-b1/
    );
  });
});

describe('a lab whose sites sit on two subnets', () => {
  let split: SshLab;
  beforeAll(async () => {
    split = await startSshLab({ subnets: { primary: '10.10.1.0/24', secondary: '10.10.2.0/24' } });
  });
  afterAll(() => split.close());

  it('fails check.l2, naming the subnets and their hosts', async () => {
    const run = await runWithSsh(split, [l2], true);
    expect(run.summary.failures[0]?.message).toBe(
      'step "l2": check.l2: the management addresses are on 2 subnets, not one broadcast domain: ' +
        '10.10.1.0/24 (kvm-a1, kvm-a2), 10.10.2.0/24 (kvm-b1, kvm-b2) (the procedure: all hosts in the stretch ' +
        'cluster must be on the same broadcast domain over a Layer 2 (L2) network, which means that connectivity ' +
        'between the two sites needs to be L2)'
    );
  });
});
