/**
 * `olvm.wait`: until a condition holds — every VM of a set up on hosts of a site (`vms_on_site`), every VM back
 * on its home site (`vms_home`), the SPM on a site (`spm_on_site`), hosts in a status (`hosts_status`) — with
 * progress lines, timed on the engine's clock by two witnesses: the engine's event feed since the run began (or
 * `since`) and the wait's own polls. Its result is the drill report's evidence (docs/drills.md); a wait that fails
 * (timeout, interrupt, an engine error) still registers everything it observed.
 */
import { isTolerable, waitFor } from '../../olvm/wait';
import type { OlvmClient } from '../../olvm/types';
import { messageOf } from '../../shared/errors';
import type { ModuleContext, StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { durationArg } from './args';
import { engineOf } from './engine-access';
import { describeWait, resolveWaitSpec, WAIT_SCHEMA } from './wait-spec';
import type { OlvmWaitArgs } from './wait-spec';
import { EngineView, progressOf } from './wait-state';
import type { WaitSpec } from './wait-state';
import { WaitVoice } from './wait-voice';
import { WaitWatch } from './wait-watch';

const NAME = 'olvm.wait';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_POLL_MS = 3_000;

async function readView(client: OlvmClient, signal: AbortSignal): Promise<EngineView> {
  const [hosts, vms] = await Promise.all([client.hosts.list({ signal }), client.vms.list({ signal })]);
  return new EngineView(hosts, vms);
}

/**
 * The engine's state, or undefined with the reason when it does not answer (connection refused, a 503: a
 * self-hosted engine is down while its VM restarts on the other site). A wait outlives that: it is what a
 * site-outage drill waits through.
 */
async function readViewIfAnswering(
  client: OlvmClient,
  signal: AbortSignal
): Promise<{ view: EngineView } | { view: undefined; error: unknown }> {
  try {
    return { view: await readView(client, signal) };
  } catch (error) {
    if (!isTolerable(error)) throw error;
    return { view: undefined, error };
  }
}

/** A silence no poll saw: the engine restarted (its VM started) after its last answer `since`, until `now`. */
function countEngineRestart(watch: WaitWatch, voice: WaitVoice, since: number | undefined, now: number): void {
  const restart = watch.engineRestartAfter(since);
  if (restart !== undefined) voice.addSilence(since!, now, restart);
}

/** A line per VM as it arrives: `db-1 up on kvm-b2 (migrated from kvm-a1) 41.0s after its host left`. */
function reportArrivals(ctx: ModuleContext, watch: WaitWatch, seen: Set<string>): void {
  const { view } = watch;
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

/** Attach what the wait saw to its failure, so that the failed task still registers it. */
function withResult(error: unknown, result: Record<string, unknown>): unknown {
  if (typeof error === 'object' && error !== null) Object.assign(error, { result });
  return error;
}

export const olvmWait: StepModule<OlvmWaitArgs, WaitSpec> = {
  name: NAME,
  isReadOnly: true,
  description:
    'Wait until VMs run on a site (or at home), the SPM is on a site, or hosts reach a status; times each VM.',
  schema: WAIT_SCHEMA,
  async plan(ctx, args) {
    durationArg(NAME, ctx, 'timeout', args.timeout, 0);
    const pollMs = durationArg(NAME, ctx, 'poll', args.poll, DEFAULT_POLL_MS);
    const client = await engineOf(ctx);
    const answeredBefore = client.clock.lastAnsweredAt;
    const read = await readViewIfAnswering(client, ctx.signal);
    const spec = { ...(await resolveWaitSpec(ctx, client, args, read.view)), answeredBefore };
    if (read.view === undefined) {
      const note = `the engine does not answer now (${messageOf(read.error)}): the wait waits for it, up to ${args.timeout ?? '30m'}`;
      return planChanges(
        [{ path: spec.condition, from: 'the engine does not answer', to: describeWait(spec), note }],
        spec
      );
    }
    const view = read.view;
    const progress = progressOf(spec, ctx.inventory, view);
    if (!progress.isMet) {
      const note = `would wait up to ${args.timeout ?? '30m'}`;
      return planChanges([{ path: spec.condition, from: progress.summary, to: describeWait(spec), note }], spec);
    }
    // Already met: an engine that died and restarted since its last answer (a self-hosted engine, its VM and the HA
    // restarts all done before the wait) still shows its silence, and the VMs are timed from its start.
    const watch = new WaitWatch(ctx, client, spec, view);
    await watch.poll();
    const now = client.clock.now();
    const voice = new WaitVoice(ctx, client.clock, () => watch.describe(), answeredBefore);
    countEngineRestart(watch, voice, answeredBefore, now);
    return planNone(
      await watch.result({ startedAt: now, finishedAt: now, engineGaps: voice.gapsUntil(now) }, pollMs, true)
    );
  },
  async apply(ctx, args, plan) {
    const spec = plan.data;
    if (spec === undefined) return {};
    const client = await engineOf(ctx);
    const timeoutMs = durationArg(NAME, ctx, 'timeout', args.timeout, DEFAULT_TIMEOUT_MS);
    const pollMs = durationArg(NAME, ctx, 'poll', args.poll, DEFAULT_POLL_MS);
    // Before any read of this wait: an engine that died before it and answers again by now (a self-hosted engine
    // restarted while the plan retried) still shows its silence, counted from its last answer before the wait.
    const lastAnsweredAt = spec.answeredBefore ?? client.clock.lastAnsweredAt;
    const initial = (await readViewIfAnswering(client, ctx.signal)).view ?? new EngineView([], []);
    const watch = new WaitWatch(ctx, client, spec, initial);
    const startedAt = client.clock.now();
    const voice = new WaitVoice(ctx, client.clock, () => watch.describe(), lastAnsweredAt);
    const seen = new Set<string>();
    let shown = '';
    let isRestartChecked = false;
    try {
      await ctx.waiting(() =>
        waitFor(
          async () => {
            const progress = await watch.poll();
            if (!isRestartChecked) {
              isRestartChecked = true;
              countEngineRestart(watch, voice, lastAnsweredAt, client.clock.now());
            }
            reportArrivals(ctx, watch, seen);
            if (progress.summary !== shown) ctx.output(progress.summary);
            shown = progress.summary;
            return progress.isMet;
          },
          {
            timeoutMs,
            intervalMs: pollMs,
            maxIntervalMs: pollMs,
            signal: ctx.signal,
            description: describeWait(spec),
            clock: client.clock,
            onPoll: voice.onPoll,
          },
          () => watch.describe()
        )
      );
    } catch (error) {
      const finishedAt = client.clock.now();
      const times = { startedAt, finishedAt, engineGaps: voice.gapsUntil(finishedAt) };
      throw withResult(error, await watch.result(times, pollMs, false));
    }
    const finishedAt = client.clock.now();
    const times = { startedAt, finishedAt, engineGaps: voice.gapsUntil(finishedAt) };
    const result = await watch.result(times, pollMs, true);
    ctx.output(`${watch.progress.summary} after ${result.elapsed_ms as number} ms`);
    return { result };
  },
};
