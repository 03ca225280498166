/**
 * One `olvm.wait` watching the engine: each poll reads hosts, VMs and the events since the last poll, gives them
 * to both witnesses (the event timeline and the polling witness, timed on the engine's clock), and says what is
 * still missing and why. `result` assembles what they saw into the registered result (docs/drills.md); it reads
 * the engine only when asked to (a failed or interrupted wait reports from what it already saw).
 */
import type { OlvmClient } from '../../olvm/types';
import { EventCode } from './event-codes';
import type { ModuleContext } from '../types';
import { figureVms } from './wait-figures';
import { figureSite, isEngineVm } from './wait-site';
import { EngineView, progressOf, spmResult, targetSiteOf, WaitCondition } from './wait-state';
import type { Progress, WaitSpec, WaitTimes } from './wait-state';
import { Timeline } from './wait-timeline';
import { PollingWitness } from './wait-witness';

type Json = Record<string, unknown>;

/** At most this many pending VMs are named in a progress line. */
const NAMED_PENDING = 10;

export class WaitWatch {
  view: EngineView;
  readonly timeline: Timeline;
  readonly witness: PollingWitness;
  progress: Progress;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly client: OlvmClient,
    readonly spec: WaitSpec,
    view: EngineView
  ) {
    this.view = view;
    const isTarget = (vmId: string, hostId: string): boolean => this.isTarget(vmId, hostId);
    this.witness = new PollingWitness(isTarget);
    this.timeline = new Timeline(spec.baseline, {
      isTarget,
      hostIdOf: (nameOrAddress) => this.hostIdOf(nameOrAddress),
      initialHostOf: (vmId) => this.witness.initialHostOf(vmId),
    });
    this.progress = progressOf(spec, ctx.inventory, view);
  }

  /** One poll: the engine's state and the events since the last poll, to both witnesses. */
  async poll(): Promise<Progress> {
    const { client, ctx } = this;
    const [hosts, vms] = await Promise.all([
      client.hosts.list({ signal: ctx.signal }),
      client.vms.list({ signal: ctx.signal }),
    ]);
    this.view = new EngineView(hosts, vms);
    this.witness.observe(this.view, client.clock.now());
    this.timeline.add(await client.events.list({ from: this.timeline.lastIndex, signal: ctx.signal }));
    this.progress = progressOf(this.spec, ctx.inventory, this.view);
    return this.progress;
  }

  /**
   * Whether the self-hosted engine's VM started after `lastAnsweredAt` (engine clock): then the engine it runs died
   * and restarted since, and saw nothing in between. Says how, for the silence it proves.
   */
  engineRestartAfter(lastAnsweredAt: number | undefined): string | undefined {
    const vm = this.view.vms.find(isEngineVm);
    if (lastAnsweredAt === undefined || vm?.startTime === undefined || vm.startTime <= lastAnsweredAt) return undefined;
    const host = vm.host !== undefined ? this.view.hostName.get(vm.host.id) : undefined;
    return `the engine restarted (its VM ${vm.name} started at ${vm.startTime}${host !== undefined ? ` on ${host}` : ''})`;
  }

  /** `4 of 5 VMs on secondary; still waiting for app-1 (down; the engine: Failed to restart VM app-1 on …)` */
  describe(): string {
    const pending = this.progress.pending;
    if (pending.length === 0) return this.progress.summary;
    const named = pending.slice(0, NAMED_PENDING).map((name) => `${name} (${this.stateOf(name)})`);
    const more = pending.length > NAMED_PENDING ? `, and ${pending.length - NAMED_PENDING} more` : '';
    return `${this.progress.summary}; still waiting for ${named.join(', ')}${more}`;
  }

  /**
   * The registered result. `isFinal` allows one more read (the SPM elected before the first election the feed
   * shows); a failed wait passes false and reports from what it saw.
   */
  async result(times: WaitTimes, pollMs: number, isFinal: boolean): Promise<Json> {
    const { spec, view } = this;
    const result: Json = {
      condition: spec.condition,
      ...(spec.phase !== undefined ? { phase: spec.phase } : {}),
      ...(spec.role !== undefined ? { site: spec.role } : {}),
      started_at: times.startedAt,
      finished_at: times.finishedAt,
      elapsed_ms: times.finishedAt - times.startedAt,
      witnesses: { events: this.timeline.count, polls: this.witness.polls, poll_ms: pollMs },
    };
    if (times.engineGaps !== undefined && times.engineGaps.length > 0) result.engine_gaps = times.engineGaps;
    const notes: string[] = [];
    if (spec.vms.length > 0) {
      const done = new Set(this.progress.done);
      const vms = figureVms({
        ...this.parts(),
        done,
        pollMs,
        targetOf: () => this.targetName(),
        ...(times.engineGaps !== undefined ? { engineGaps: times.engineGaps } : {}),
      });
      result.vms = vms.vms;
      if (vms.unmoved.length > 0) result.unmoved = vms.unmoved;
      notes.push(...vms.notes);
    }
    if (spec.condition === WaitCondition.HOSTS_STATUS) {
      result.hosts = spec.hosts.map((name) => ({ name, status: view.hostByName.get(name)?.status ?? 'absent' }));
    }
    const previous = isFinal ? await this.previousSpmReader() : () => undefined;
    if (spec.condition === WaitCondition.SPM_ON_SITE || spec.condition === WaitCondition.VMS_ON_SITE) {
      const spm = spmResult(spec, this.ctx.inventory, view, this.timeline, previous);
      if (spm !== undefined) result.spm = spm;
    }
    Object.assign(result, figureSite({ ...this.parts(), previousSpm: previous }));
    notes.push(...this.gapNotes(result));
    if (notes.length > 0) result.notes = notes;
    return result;
  }

  private parts() {
    return { spec: this.spec, view: this.view, timeline: this.timeline, witness: this.witness };
  }

  /** A host's id by its name or its address (204 names its host by address). */
  private hostIdOf(nameOrAddress: string): string | undefined {
    return this.view.hostByName.get(nameOrAddress)?.id ?? this.view.hosts.find((h) => h.address === nameOrAddress)?.id;
  }

  private isTarget(vmId: string, hostId: string): boolean {
    const site = this.ctx.inventory.hosts[this.view.hostName.get(hostId) ?? '']?.site;
    return site !== undefined && site === targetSiteOf(this.spec, this.ctx.inventory, this.view.vmName.get(vmId));
  }

  private targetName(): string {
    return this.spec.condition === WaitCondition.VMS_HOME ? 'its home site' : `site ${this.spec.role ?? '?'}`;
  }

  private stateOf(name: string): string {
    const vm = this.view.vmByName.get(name);
    if (vm === undefined) return 'not in the engine';
    const host = vm.host !== undefined ? this.view.hostName.get(vm.host.id) : undefined;
    const word = this.timeline.trouble.get(vm.id);
    return `${vm.status}${host !== undefined ? ` on ${host}` : ''}${word !== undefined ? `; the engine: ${word.text}` : ''}`;
  }

  /** The SPM before the first election of the feed: the newest earlier election event (one read). */
  private async previousSpmReader(): Promise<(index: number) => string | undefined> {
    const first = this.timeline.elections[0];
    if (first !== undefined && first.previousHostId !== undefined) return () => undefined;
    const earlier = await this.client.events
      .list({ search: { type: EventCode.IRS_HOSTED_ON_VDS }, max: 5, signal: this.ctx.signal })
      .catch(() => []);
    return (index) => {
      const event = earlier.filter((e) => e.index < index).sort((a, b) => b.index - a.index)[0];
      return event?.host?.id ?? (event?.hostName !== undefined ? this.hostIdOf(event.hostName) : undefined);
    };
  }

  private gapNotes(result: Json): string[] {
    const notes = this.timeline.gaps.map(
      (g) => `the event feed skips indexes ${g.afterIndex + 1}..${g.beforeIndex - 1}: those events are missing`
    );
    const silences = (result.engine_gaps as Array<{ from: number; ms?: number }> | undefined) ?? [];
    for (const s of silences) {
      notes.push(
        `the engine did not answer for ${Math.round((s.ms ?? 0) / 1000)} s from ${s.from}: neither witness saw that time`
      );
    }
    return notes;
  }
}
