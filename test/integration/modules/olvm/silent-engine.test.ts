/**
 * An engine that stops answering in the middle of a wait (a self-hosted engine is dead while its VM restarts): the
 * wait keeps going until its timeout, says so at once and when the engine is back, and records the silence in its
 * result. The engine is the lab behind a TCP gate that refuses connections while shut.
 */
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../../../src/lab';
import type { LabEngine } from '../../../../src/lab';
import { createOlvmClient } from '../../../../src/olvm';
import type { OlvmClient } from '../../../../src/olvm';
import { runEngine } from '../../../helpers/engine';
import type { EngineRun } from '../../../helpers/engine';
import { makeInventory } from '../../../helpers/inventory';
import { FAST_RETRY } from '../../../helpers/olvm-lab';
import { startTcpGate } from '../../../helpers/tcp-gate';
import type { TcpGate } from '../../../helpers/tcp-gate';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setHostStatus } from '../../../../src/lab/world/host-status';

let lab: LabEngine;
let gate: TcpGate;
let client: OlvmClient;
let stateDir: string;
let reads = 0;
/** Requests that got no HTTP answer (refused by the shut gate). */
let refused = 0;
/** The lab's time as each read was answered, until the first refusal. */
const answeredAt: number[] = [];
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'silent-engine-'));
  lab = await startLabEngine({
    inventory: makeInventory(),
    https: false,
    port: 0,
    preinstalled: true,
    speed: 60,
    stateDir,
  });
  gate = await startTcpGate(lab.port);
  client = createOlvmClient({
    url: `http://127.0.0.1:${gate.port}/ovirt-engine/api`,
    username: 'admin@internal',
    password: DEFAULT_LAB_PASSWORD,
    isReadOnly: false,
    retry: FAST_RETRY,
    timeoutMs: 5_000,
    onRequest: (info) => {
      if (info.method === 'GET' && info.status === 200) reads++;
      if (info.method === 'GET' && info.status === 200 && refused === 0) answeredAt.push(lab.clock.now());
      if (info.status === 0) refused++;
    },
  });
});
afterAll(async () => {
  await client.close();
  await gate.close();
  await lab.close();
  await rm(stateDir, { recursive: true, force: true });
});

async function until(isDone: () => boolean): Promise<void> {
  while (!isDone()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a wait while the engine stops answering', () => {
  let run: EngineRun;
  let openedAt: number;
  beforeAll(async () => {
    const host = lab.world.hostByName('kvm-b2')!;
    const running = runEngine({
      inventory: { ...makeInventory(), engine: { ...makeInventory().engine, url: lab.url } },
      isYes: true,
      steps: [
        {
          id: 'wait-maintenance',
          module: 'olvm.wait',
          args: { condition: 'hosts_status', hosts: ['kvm-b2'], status: 'maintenance', poll: '3s', timeout: '30m' },
        },
      ],
      services: { engine: () => Promise.resolve(client), ssh: () => Promise.reject(new Error('no ssh')) },
    });
    await until(() => reads >= 12);
    await gate.shut();
    // Driven by what the wait did, not by time (a loaded machine can run no poll at all in a second): a poll's
    // attempts (FAST_RETRY: 3) all refused, and the next poll begun, before the host changes; as much again before
    // the gate opens.
    await until(() => refused >= 4);
    setHostStatus(lab.world, host, 'maintenance');
    await until(() => refused >= 8);
    openedAt = lab.clock.now();
    await gate.open();
    run = await running;
  });

  it('keeps waiting and succeeds once the engine answers again', () => {
    expect(run.sink.finished()).toEqual(['wait-maintenance: changed']);
  });

  it('says at once that the engine does not answer, and when it answers again', () => {
    const lines = run.sink
      .ofType('task.output')
      .filter((e) => e.isProgress !== true)
      .map((e) => e.line);
    expect(lines.some((l) => /^the engine does not answer \(connection refused\); still waiting, /.test(l))).toBe(true);
    expect(lines.some((l) => /^the engine answers again after \d/.test(l))).toBe(true);
  });

  it('records the silence in its result on the engine clock', () => {
    const result = run.sink.ofType('task.finished')[0]?.result as {
      engine_gaps: Array<{ from: number; to: number; ms: number; error: string }>;
    };
    expect(result.engine_gaps).toHaveLength(1);
    const [gap] = result.engine_gaps;
    expect(gap!.error).toBe('connection refused');
    // The silence starts at the engine's last answer before the gate shut: the time of the last poll that was
    // answered, on the engine clock (at least its last reply's Date header, whole seconds, so up to 1 s before that
    // reply). A poll reads up to three times (hosts, VMs, events), one after the other, so the last answered poll
    // ended no earlier than the fourth-last answered read began, whose reply came after the read before it. Counted
    // on the reads, not on when the test shut the gate: at speed 60 a loaded machine's 100 ms pause between the last
    // answer and the shut is 6 engine seconds (a whole-suite run under load saw the old 6 s bound fail).
    expect(answeredAt.length).toBeGreaterThanOrEqual(12);
    expect(gap!.from).toBeGreaterThanOrEqual(answeredAt.at(-5)! - 1_000);
    expect(gap!.from).toBeLessThan(openedAt);
    expect(gap!.to).toBeGreaterThanOrEqual(openedAt - 1_000);
    expect(gap!.ms).toBe(gap!.to - gap!.from);
  });
});
