/**
 * A self-hosted engine dies with its VM (engine-behaviour.md row 23), seen over HTTP on the virtual clock: the API
 * refuses connections and the engine does nothing until the hosted-engine agents have restarted its VM on another
 * hosted-engine host (once sanlock frees its lease) and ovirt-engine has started; then every host's grace period
 * runs from the engine's start, and for 5 minutes the engine fences no host but the previous engine host.
 */
import type { LabEngine } from '../../../src/lab';
import type { LabKnobs } from '../../../src/inventory/lab-knobs';
import { makeHost, makeInventory } from '../../helpers/inventory';
import { get, items, put } from './http';
import type { Doc } from './http';
import { hostByName, placement, startTestLab, statuses, vmByName } from './lab-fixture';

const SECOND = 1_000;
/** The id the first event after the cut gets. */
let firstEventId = 0;
/** Lease free 161 s after the loss (sanlock, late phase), the VM boots 60 s, the engine starts in 120 s. */
const ENGINE_BACK_S = 161 + 60 + 120;

function selfHostedInventory(knobs: Partial<LabKnobs> = {}) {
  const base = makeInventory({ engine: { kind: 'self-hosted' }, lab: { latencyMs: 2, speed: 0, seed: 1, knobs } });
  const he = { hostedEngine: true };
  return {
    ...base,
    hosts: {
      ...base.hosts,
      'kvm-a1': makeHost('kvm-a1', 'primary', he),
      'kvm-a2': makeHost('kvm-a2', 'primary', he),
      'kvm-b1': makeHost('kvm-b1', 'secondary', he),
    },
  };
}

async function isApiRefused(lab: LabEngine): Promise<boolean> {
  try {
    await get(lab, '/');
    return false;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return true;
    throw error;
  }
}

/** Moves the clock to `seconds` after `start` (virtual ms), and lets the API follow the engine. */
async function at(lab: LabEngine, start: number, seconds: number): Promise<void> {
  lab.clock.advance(start + seconds * SECOND - lab.clock.now());
  await settled(lab);
}

/** The API follows the engine; the client's pool sees the connections the lab dropped. */
async function settled(lab: LabEngine): Promise<void> {
  await lab.apiSettled();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Events written since `start` (virtual ms), oldest first: when, code and host name. */
async function eventsOf(lab: LabEngine, start: number): Promise<{ code: number; at: number; host?: string }[]> {
  const hosts = new Map<string, string>(items((await get(lab, '/hosts')).body, 'host').map((h) => [h.id, h.name]));
  return items((await get(lab, `/events?from=${firstEventId - 1}&max=2000`)).body, 'event')
    .filter((e: Doc) => Number(e.id) >= firstEventId)
    .reverse()
    .map((e: Doc) => ({
      code: Number(e.code),
      at: (Number(e.time) - start) / SECOND,
      ...(e.host ? { host: hosts.get(e.host.id as string) } : {}),
    }));
}

describe('a self-hosted engine when its host dies', () => {
  let lab: LabEngine;
  let cutAt: number;
  afterEach(() => lab.close());

  beforeEach(async () => {
    lab = await startTestLab({ inventory: selfHostedInventory() });
    cutAt = lab.clock.now();
    firstEventId = lab.world.state.nextEventId;
  });

  it('refuses connections from the moment its site loses power until the engine has started elsewhere', async () => {
    lab.world.powerOff('primary');
    await settled(lab);
    expect(await isApiRefused(lab)).toBe(true);
    await at(lab, cutAt, ENGINE_BACK_S - 1);
    expect(await isApiRefused(lab)).toBe(true);
    await at(lab, cutAt, ENGINE_BACK_S);
    expect(await isApiRefused(lab)).toBe(false);
    const vm = await vmByName(lab, 'HostedEngine');
    expect(vm.status).toBe('up');
    expect((await placement(lab))['HostedEngine']).toBe('kvm-b1');
  });

  it('starts the engine VM only once its lease is free, on the only other hosted-engine host that answers', async () => {
    lab.world.powerOff('primary');
    await settled(lab);
    await at(lab, cutAt, 80);
    const vm = lab.world.vmByName('HostedEngine')!;
    expect({ status: vm.status, host: lab.world.host(vm.hostId)?.name }).toEqual({
      status: 'wait_for_launch',
      host: 'kvm-b1',
    });
    await at(lab, cutAt, 161 + 60 - 1);
    expect(vm.status).toBe('wait_for_launch');
    await at(lab, cutAt, 161 + 60);
    expect(vm.status).toBe('up');
    expect(await isApiRefused(lab)).toBe(true);
  });

  it('writes no event, moves no VM and watches no host while it is down; after its start every grace period runs from then', async () => {
    lab.world.powerOff('primary');
    await settled(lab);
    await at(lab, cutAt, 10);
    lab.world.powerOff('kvm-b2');
    await settled(lab);
    await at(lab, cutAt, ENGINE_BACK_S);
    const b2 = await hostByName(lab, 'kvm-b2');
    expect(b2.status).toBe('up');
    expect((await eventsOf(lab, cutAt)).filter((e) => e.at < ENGINE_BACK_S)).toEqual([]);
    await at(lab, cutAt, ENGINE_BACK_S + 3);
    expect((await statuses(lab, 'hosts'))['kvm-b2']).toBe('connecting');
    const grace = Math.floor((60_000 + 500 * lab.world.vmsOnHost(b2.id as string).length) / 1000);
    await at(lab, cutAt, ENGINE_BACK_S + 3 + grace - 1);
    expect((await statuses(lab, 'hosts'))['kvm-b2']).toBe('connecting');
    await at(lab, cutAt, ENGINE_BACK_S + 3 + grace);
    expect((await statuses(lab, 'hosts'))['kvm-b2']).toBe('non_responsive');
  });

  it('restarts the lost site VMs with a lease only after the engine is back, 27 s after they go unknown', async () => {
    lab.world.powerOff('primary');
    await settled(lab);
    await at(lab, cutAt, 15 * 60);
    const events = await eventsOf(lab, cutAt);
    const firstTry = events.find((e) => e.code === 506)!.at;
    const firstUnknown = events.find((e) => e.code === 142)!.at;
    expect(firstUnknown).toBeGreaterThanOrEqual(ENGINE_BACK_S + 3 + 60);
    expect(firstTry).toBe(firstUnknown + 27);
    expect(await statuses(lab, 'vms')).toMatchObject({ 'db-1': 'up', 'app-1': 'up' });
  });

  it('fences no host for 5 minutes after it started (alert 9003), except the host its VM ran on before', async () => {
    for (const name of ['kvm-a1', 'kvm-a2']) {
      await put(lab, `/hosts/${(await hostByName(lab, name)).id}`, { power_management: { enabled: 'true' } });
    }
    lab.world.powerOff('primary');
    await settled(lab);
    await at(lab, cutAt, 15 * 60);
    const events = await eventsOf(lab, cutAt);
    const alerts = events.filter((e) => [9000, 9003].includes(e.code));
    expect(alerts.find((e) => e.host === 'kvm-a2')).toMatchObject({ code: 9003 });
    expect(alerts.find((e) => e.host === 'kvm-a1')?.code).not.toBe(9003);
    expect(alerts.every((e) => e.at > ENGINE_BACK_S && e.at < ENGINE_BACK_S + 300)).toBe(true);
  });

  it('stays dead while no hosted-engine host answers, and comes back once one boots', async () => {
    lab.world.powerOff('primary');
    await settled(lab);
    lab.world.powerOff('kvm-b1');
    await settled(lab);
    await at(lab, cutAt, 20 * 60);
    expect(await isApiRefused(lab)).toBe(true);
    lab.world.powerOn('kvm-b1');
    await settled(lab);
    await at(lab, cutAt, 20 * 60 + 120 + 10 + 60 + 120);
    expect(await isApiRefused(lab)).toBe(false);
    expect((await placement(lab))['HostedEngine']).toBe('kvm-b1');
  });

  it('answers again at once when its host, cut off from the network, is reconnected before sanlock kills the VM', async () => {
    lab.world.cutOff('kvm-a1');
    await settled(lab);
    expect(await isApiRefused(lab)).toBe(true);
    await at(lab, cutAt, 60);
    lab.world.reconnect('kvm-a1');
    await settled(lab);
    expect(await isApiRefused(lab)).toBe(false);
    expect((await placement(lab))['HostedEngine']).toBe('kvm-a1');
  });

  it('is killed by sanlock 80 s after its host was cut off, and restarted elsewhere', async () => {
    lab.world.cutOff('kvm-a1');
    await settled(lab);
    await at(lab, cutAt, 80);
    expect(lab.world.vmByName('HostedEngine')!.status).not.toBe('up');
    await at(lab, cutAt, ENGINE_BACK_S);
    expect(await isApiRefused(lab)).toBe(false);
    expect(['kvm-a2', 'kvm-b1']).toContain((await placement(lab))['HostedEngine']);
  });
});

describe('a standalone engine', () => {
  it('keeps answering when a whole site loses power', async () => {
    const lab = await startTestLab();
    try {
      lab.world.powerOff('primary');
      await settled(lab);
      lab.clock.advance(30 * SECOND);
      expect((await get(lab, '/vms')).status).toBe(200);
    } finally {
      await lab.close();
    }
  });
});
