/** `olvm.host` apply: add, set the SPM priority, activate / deactivate / remove, then wait and record the trail. */
import { OlvmApiError } from '../../olvm/errors';
import { SpmStatus } from '../../olvm/types';
import { OlvmUnexpectedStatusError, waitFor } from '../../olvm/wait';
import { HostStatus } from '../../olvm/types';
import type { Host, HostStatus as HostStatusType, OlvmClient } from '../../olvm/types';
import { recordTransition } from '../../olvm/wait';
import type { ApplyResult, ModuleContext } from '../types';
import { explainHost } from './host-explain';
import { failStatusesFor, HostStep, REMOVABLE } from './host-status';
import { applySnapshot } from './snapshot';
import { WaitVoice } from './wait-voice';
import { WriteLog } from './write';

export interface HostPlanData {
  name: string;
  hostId?: string;
  initialStatus?: string;
  add?: { address: string; clusterId: string; isActivate: boolean; rootPasswordRef?: string };
  spmPriority?: number;
  step: HostStep;
  /** The status awaited at the end. */
  target?: HostStatusType;
  isRemove?: boolean;
}

export interface HostApplyOptions {
  timeoutMs: number;
  pollMs: number;
  reason?: string;
  rootPassword?: string;
}

class HostRun {
  readonly log: WriteLog;
  readonly trail: string[] = [];
  constructor(
    readonly ctx: ModuleContext,
    readonly client: OlvmClient,
    readonly options: HostApplyOptions,
    /** The host's name, for messages. */
    readonly name: string
  ) {
    this.log = new WriteLog(ctx);
  }

  see(status: string): void {
    const before = this.trail.length;
    recordTransition(this.trail, status);
    if (this.trail.length > before) this.ctx.output(`status: ${status}`);
  }

  /**
   * Polls the host until it reaches `target`, speaking every 30 s of the engine's clock; a host that lingers in
   * preparing_for_maintenance is explained from the engine (the VMs still on it, the engine's last word on them).
   */
  async waitFor(hostId: string, target: HostStatusType): Promise<Host> {
    const { client, ctx } = this;
    const failOn = failStatusesFor(target);
    let current: Host | undefined;
    let why = '';
    const started = client.clock.now();
    const voice = new WaitVoice(ctx, client.clock, () => {
      const status = current === undefined ? 'not read yet' : `${current.name} ${current.status}`;
      return `${status}, waiting for ${target}${why}`;
    });
    return waitFor(
      async () => {
        current = await client.hosts.get(hostId, { signal: ctx.signal });
        this.see(current.status);
        if (current.status === target) return current;
        if (failOn.includes(current.status)) {
          throw new OlvmUnexpectedStatusError(`host ${current.name}`, current.status, [target], this.trail);
        }
        if (voice.isLineDue(client.clock.now() - started)) why = await explainHost(client, current, ctx.signal);
        return undefined;
      },
      {
        timeoutMs: this.options.timeoutMs,
        intervalMs: this.options.pollMs,
        maxIntervalMs: this.options.pollMs,
        signal: ctx.signal,
        description: `host ${this.name} to reach ${target}`,
        clock: client.clock,
        onPoll: voice.onPoll,
      },
      () => `seen: ${this.trail.join(' → ')}${why}`
    );
  }

  async statusOf(hostId: string): Promise<string | undefined> {
    return (await this.client.hosts.get(hostId, { signal: this.ctx.signal }).catch(() => undefined))?.status;
  }
}

async function addHost(run: HostRun, data: HostPlanData): Promise<Host> {
  const add = data.add!;
  const { client, log } = run;
  const added = await log.write({
    operation: `add of host ${data.name}`,
    send: (correlationId) =>
      client.hosts.add(
        {
          name: data.name,
          address: add.address,
          cluster: { id: add.clusterId },
          ...(run.options.rootPassword !== undefined
            ? { rootPassword: run.options.rootPassword }
            : { sshAuthentication: 'publickey' as const }),
          ...(data.spmPriority !== undefined ? { spmPriority: data.spmPriority } : {}),
        },
        { correlationId, isActivate: add.isActivate, signal: run.ctx.signal }
      ),
    isApplied: async () => (await client.hosts.findByName(data.name)) !== undefined,
  });
  const host = added ?? (await client.hosts.findByName(data.name));
  if (host === undefined) throw new Error(`host ${data.name} was added but the engine does not list it`);
  run.see(host.status);
  return run.waitFor(host.id, add.isActivate ? HostStatus.UP : HostStatus.MAINTENANCE);
}

async function setSpmPriority(run: HostRun, hostId: string, name: string, priority: number): Promise<void> {
  await run.log.write({
    operation: `SPM priority of host ${name}`,
    send: (correlationId) =>
      run.client.hosts.update(hostId, { spmPriority: priority }, { correlationId, signal: run.ctx.signal }),
    isApplied: async () => (await run.client.hosts.get(hostId)).spm.priority === priority,
  });
}

/** The engine refuses maintenance while the host contends for the SPM role (another host just left it). */
function isSpmContendingRefusal(error: unknown): boolean {
  return (
    error instanceof OlvmApiError && error.status === 409 && /contending for Storage Pool Manager/i.test(error.message)
  );
}

/** Waits until the host no longer contends for the SPM role (it became SPM, or gave up). */
async function waitForSpmElection(run: HostRun, hostId: string, name: string, deadline: number): Promise<void> {
  run.ctx.output(`${name} is contending for the SPM role: maintenance waits for the election`);
  await waitFor(
    async () => (await run.client.hosts.get(hostId, { signal: run.ctx.signal })).spm.status !== SpmStatus.CONTENDING,
    {
      timeoutMs: Math.max(0, deadline - run.client.clock.now()),
      intervalMs: run.options.pollMs,
      maxIntervalMs: run.options.pollMs,
      signal: run.ctx.signal,
      description: `host ${name} to finish contending for the SPM role`,
      clock: run.client.clock,
    }
  );
}

async function deactivate(run: HostRun, hostId: string, name: string): Promise<Host> {
  const deadline = run.client.clock.now() + run.options.timeoutMs;
  for (;;) {
    try {
      await run.log.write({
        operation: `maintenance of host ${name}`,
        send: (correlationId) =>
          run.client.hosts.deactivate(hostId, {
            correlationId,
            signal: run.ctx.signal,
            ...(run.options.reason !== undefined ? { reason: run.options.reason } : {}),
          }),
        isApplied: async () =>
          [HostStatus.PREPARING_FOR_MAINTENANCE, HostStatus.MAINTENANCE].includes(
            (await run.statusOf(hostId)) as never
          ),
      });
      return await run.waitFor(hostId, HostStatus.MAINTENANCE);
    } catch (error) {
      // Refused, so nothing was applied: asking again once the election is over is safe.
      if (!isSpmContendingRefusal(error) || run.client.clock.now() >= deadline) throw error;
      await waitForSpmElection(run, hostId, name, deadline);
    }
  }
}

async function activate(run: HostRun, hostId: string, name: string, initial: string | undefined): Promise<Host> {
  await run.log.write({
    operation: `activation of host ${name}`,
    send: (correlationId) => run.client.hosts.activate(hostId, { correlationId, signal: run.ctx.signal }),
    isApplied: async () => (await run.statusOf(hostId)) !== initial,
  });
  return run.waitFor(hostId, HostStatus.UP);
}

async function remove(run: HostRun, data: HostPlanData, hostId: string): Promise<void> {
  const status = await run.statusOf(hostId);
  if (status !== undefined && !REMOVABLE.includes(status)) await deactivate(run, hostId, data.name);
  await run.log.write({
    operation: `removal of host ${data.name}`,
    send: (correlationId) => run.client.hosts.remove(hostId, { correlationId, signal: run.ctx.signal }),
    isApplied: async () => (await run.client.hosts.findByName(data.name)) === undefined,
  });
  run.see('absent');
}

async function changeExisting(run: HostRun, data: HostPlanData, hostId: string): Promise<Host | undefined> {
  if (data.initialStatus !== undefined) run.see(data.initialStatus);
  if (data.isRemove) {
    await remove(run, data, hostId);
    return undefined;
  }
  if (data.spmPriority !== undefined) await setSpmPriority(run, hostId, data.name, data.spmPriority);
  if (data.step === HostStep.ACTIVATE) return activate(run, hostId, data.name, data.initialStatus);
  if (data.step === HostStep.DEACTIVATE) return deactivate(run, hostId, data.name);
  if (data.step === HostStep.WAIT && data.target !== undefined) return run.waitFor(hostId, data.target);
  return run.client.hosts.get(hostId, { signal: run.ctx.signal });
}

export async function applyHostPlan(
  ctx: ModuleContext,
  client: OlvmClient,
  data: HostPlanData,
  options: HostApplyOptions
): Promise<ApplyResult> {
  const run = new HostRun(ctx, client, options, data.name);
  const host = data.hostId === undefined ? await addHost(run, data) : await changeExisting(run, data, data.hostId);
  const snapshot = applySnapshot(ctx, client);
  if (host !== undefined) await snapshot.putHost(host);
  else if (data.hostId !== undefined) await snapshot.dropHost(data.hostId);
  const result = host
    ? {
        name: host.name,
        id: host.id,
        status: host.status,
        spm_priority: host.spm.priority,
        spm_status: host.spm.status,
      }
    : { name: data.name, status: 'absent' };
  return { result: { ...result, status_trail: run.trail }, correlationIds: run.log.correlationIds };
}
