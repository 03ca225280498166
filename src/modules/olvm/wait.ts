/**
 * `olvm.wait`: until a condition holds — every VM of a set up on hosts of a site (`vms_on_site`), every VM back
 * on its home site (`vms_home`), the SPM on a site (`spm_on_site`), hosts in a status (`hosts_status`) — with
 * progress lines and, from the engine's event feed since the run began (or `since`), when each VM's host left,
 * when the VM ran again, and the SPM handover: the drill report's evidence (docs/drills.md).
 */
import { waitFor } from '../../olvm';
import type { OlvmClient } from '../../olvm/types';
import type { ModuleContext, StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { durationArg } from './args';
import { engineOf } from './engine-access';
import { buildWaitResult, describeWait, resolveWaitSpec, WAIT_SCHEMA } from './wait-spec';
import type { OlvmWaitArgs } from './wait-spec';
import { EngineView, progressOf } from './wait-state';
import type { WaitSpec } from './wait-state';
import { Timeline } from './wait-timeline';

const NAME = 'olvm.wait';

interface Watch {
  spec: WaitSpec;
  timeline: Timeline;
}

async function readView(client: OlvmClient, signal: AbortSignal): Promise<EngineView> {
  const [hosts, vms] = await Promise.all([client.hosts.list({ signal }), client.vms.list({ signal })]);
  return new EngineView(hosts, vms);
}

/** A timeline that knows which host is a target of which VM, fed with the events since the baseline. */
function newTimeline(ctx: ModuleContext, spec: WaitSpec, view: () => EngineView): Timeline {
  const isTarget = (vmId: string, hostId: string): boolean => {
    const current = view();
    const site = ctx.inventory.hosts[current.hostName.get(hostId) ?? '']?.site;
    const vmName = current.vmName.get(vmId);
    const home = ctx.inventory.vms.find((v) => v.name === vmName)?.site;
    return site !== undefined && site === (spec.condition === 'vms_home' ? home : spec.role);
  };
  const resolveHost = (nameOrAddress: string): string | undefined => {
    const hosts = view().hosts;
    return (hosts.find((h) => h.name === nameOrAddress) ?? hosts.find((h) => h.address === nameOrAddress))?.id;
  };
  return new Timeline(spec.baseline, isTarget, resolveHost);
}

async function engineTime(client: OlvmClient, timeline: Timeline, signal: AbortSignal): Promise<number> {
  return (await client.info({ signal })).time ?? timeline.lastTime ?? Date.now();
}

async function feed(client: OlvmClient, timeline: Timeline, signal: AbortSignal): Promise<void> {
  timeline.add(await client.events.list({ from: timeline.lastIndex, signal }));
}

function reportArrivals(ctx: ModuleContext, watch: Watch, view: EngineView, seen: Set<string>): void {
  for (const [vmId, move] of watch.timeline.arrivals) {
    if (seen.has(vmId)) continue;
    seen.add(vmId);
    const name = view.vmName.get(vmId) ?? vmId;
    if (!watch.spec.vms.includes(name)) continue;
    const to = view.hostName.get(move.toHostId) ?? move.toHostId;
    const from = move.fromHostId !== undefined ? ` from ${view.hostName.get(move.fromHostId) ?? move.fromHostId}` : '';
    const took =
      move.leftAt !== undefined ? ` ${((move.upAt - move.leftAt) / 1000).toFixed(1)}s after its host left` : '';
    ctx.output(`${name} up on ${to} (${move.how}${from})${took}`);
  }
}

export const olvmWait: StepModule<OlvmWaitArgs, WaitSpec> = {
  name: NAME,
  isReadOnly: true,
  description:
    'Wait until VMs run on a site (or at home), the SPM is on a site, or hosts reach a status; times each VM.',
  schema: WAIT_SCHEMA,
  async plan(ctx, args) {
    durationArg(NAME, ctx, 'timeout', args.timeout, 0);
    durationArg(NAME, ctx, 'poll', args.poll, 0);
    const client = await engineOf(ctx);
    let view = await readView(client, ctx.signal);
    const spec = await resolveWaitSpec(ctx, client, args, view);
    const progress = progressOf(spec, ctx.inventory, view);
    if (!progress.isMet) {
      const note = `would wait up to ${args.timeout ?? '30m'}`;
      return planChanges([{ path: spec.condition, from: progress.summary, to: describeWait(spec), note }], spec);
    }
    const timeline = newTimeline(ctx, spec, () => view);
    await feed(client, timeline, ctx.signal);
    view = await readView(client, ctx.signal);
    const now = await engineTime(client, timeline, ctx.signal);
    return planNone(await buildWaitResult(ctx, client, spec, view, timeline, { startedAt: now, finishedAt: now }));
  },
  async apply(ctx, args, plan) {
    const spec = plan.data;
    if (spec === undefined) return {};
    const client = await engineOf(ctx);
    let view = await readView(client, ctx.signal);
    const timeline = newTimeline(ctx, spec, () => view);
    const watch = { spec, timeline };
    const startedAt = await engineTime(client, timeline, ctx.signal);
    const timeoutMs = durationArg(NAME, ctx, 'timeout', args.timeout, 30 * 60_000);
    const pollMs = durationArg(NAME, ctx, 'poll', args.poll, 3_000);
    const seen = new Set<string>();
    let shown = '';
    let summary = '';
    await waitFor(
      async () => {
        view = await readView(client, ctx.signal);
        await feed(client, timeline, ctx.signal);
        reportArrivals(ctx, watch, view, seen);
        const progress = progressOf(spec, ctx.inventory, view);
        if (progress.summary !== shown) ctx.output(progress.summary);
        shown = progress.summary;
        summary = `${progress.summary}; still waiting for ${progress.pending.slice(0, 10).join(', ')}${progress.pending.length > 10 ? ', …' : ''}`;
        return progress.isMet;
      },
      { timeoutMs, intervalMs: pollMs, maxIntervalMs: pollMs, signal: ctx.signal, description: describeWait(spec) },
      () => summary
    );
    const finishedAt = await engineTime(client, timeline, ctx.signal);
    return { result: await buildWaitResult(ctx, client, spec, view, timeline, { startedAt, finishedAt }) };
  },
};
