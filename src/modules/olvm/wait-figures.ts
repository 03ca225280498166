/**
 * The figures of an `olvm.wait` result (docs/drills.md, "The olvm.wait result"): each VM recovered (with its time),
 * not recovered (and why, as far as the engine says) or not measured, from two witnesses: the event feed
 * (wait-timeline.ts) and the wait's own polls (wait-witness.ts). Each time says which witness measured it; where
 * the feed lacks an event the polls carry the figure, and the result says so.
 */
import { formatDuration } from '../../shared/duration';
import { RESTARTED_ENGINE_STALE_MS } from '../../shared/engine-silence';
import type { Vm } from '../../olvm/types';
import type { EngineView, WaitSpec } from './wait-state';
import { WaitCondition } from './wait-state';
import type { Timeline } from './wait-timeline';
import type { VmMove } from './wait-timeline-types';
import { Witness } from './wait-witness';
import type { PollingWitness, Sighting } from './wait-witness';

export const VmOutcome = {
  RECOVERED: 'recovered',
  NOT_RECOVERED: 'not_recovered',
  NOT_MEASURED: 'not_measured',
} as const;
export type VmOutcome = (typeof VmOutcome)[keyof typeof VmOutcome];

type Json = Record<string, unknown>;

export interface FigureInput {
  spec: WaitSpec;
  view: EngineView;
  timeline: Timeline;
  witness: PollingWitness;
  /** The VM names that are where the wait wants them now. */
  done: ReadonlySet<string>;
  /** The poll interval (engine ms): how late a polled time may be. */
  pollMs: number;
  /** Where the wait wants the VM, for messages: `secondary`, `home`. */
  targetOf: (vmName: string) => string;
  /** Times the engine did not answer (engine clock): `from` its last answer, `to` its first again. */
  engineGaps?: ReadonlyArray<{ from: number; to?: number; is_restart?: true }>;
}

export interface VmFigures {
  vms: Json[];
  unmoved: string[];
  notes: string[];
}

/** Every VM of the wait: recovered, not recovered (why), not measured; plus VMs that never had to move. */
export function figureVms(input: FigureInput): VmFigures {
  const figures: VmFigures = { vms: [], unmoved: [], notes: [] };
  for (const name of input.spec.vms) {
    const vm = input.view.vmByName.get(name);
    if (vm === undefined) {
      figures.vms.push({ name, status: VmOutcome.NOT_RECOVERED, up_at: null, why: 'not in the engine any more' });
      continue;
    }
    const event = input.timeline.arrivals.get(vm.id);
    const polled = input.witness.vmUp.get(vm.id);
    const isHomeAllAlong =
      input.spec.condition === WaitCondition.VMS_HOME && event === undefined && input.witness.wasInPlaceAtStart(vm.id);
    if (isHomeAllAlong && !hasMoved(input, vm.id)) {
      figures.unmoved.push(name);
      continue;
    }
    figures.vms.push(figureVm(input, vm, event, polled, figures.notes));
  }
  return figures;
}

function hasMoved(input: FigureInput, vmId: string): boolean {
  return input.timeline.moves.some((m) => m.vmId === vmId);
}

function figureVm(
  input: FigureInput,
  vm: Vm,
  event: VmMove | undefined,
  polled: Sighting | undefined,
  notes: string[]
) {
  const { view, witness } = input;
  const isDone = input.done.has(vm.name);
  const from = event?.fromHostId ?? witness.initialHostOf(vm.id);
  const entry: Json = { name: vm.name };
  if (from !== undefined) entry.from_host = view.hostName.get(from) ?? from;
  if (event?.viaHostId !== undefined) entry.via_host = view.hostName.get(event.viaHostId) ?? event.viaHostId;
  const to = event?.toHostId ?? (isDone ? vm.host?.id : undefined);
  if (to !== undefined) entry.to_host = view.hostName.get(to) ?? to;
  const left = widenedBySilence(input, vm, leftOf(input, vm, event), notes);
  if (left !== undefined) Object.assign(entry, { left_at: left.at, left_by: left.by });
  const up = isDone ? upOf(event, polled) : undefined;
  entry.up_at = up?.at ?? null;
  if (up !== undefined) {
    entry.up_by = up.by;
    if (up.after !== undefined) entry.up_after = up.after;
    if (left !== undefined) entry.recovery_ms = up.at - left.at;
  }
  const how = event?.how ?? input.timeline.pendingHow(vm.id) ?? polledHow(witness, vm.id);
  if (how !== undefined) entry.how = how;
  entry.status = !isDone ? VmOutcome.NOT_RECOVERED : up !== undefined ? VmOutcome.RECOVERED : VmOutcome.NOT_MEASURED;
  if (!isDone) entry.why = whyNotRecovered(input, vm);
  else if (up === undefined) entry.why = whyNotMeasured(input, vm);
  notes.push(...crossCheck(input, vm.name, event, polled));
  return entry;
}

interface Timed {
  at: number;
  by: Witness;
  after?: number;
}

/**
 * When the VM's host started to leave: the feed's time, else by polling the last poll that still saw its host (or
 * it) there, which the leaving followed (the first poll that saw it go is later than the leaving, and would shorten
 * the recovery by up to a poll interval: the polled arrival is the first poll that saw it up, so the two together
 * bound the recovery from above).
 */
function leftOf(input: FigureInput, vm: Vm, event: VmMove | undefined): Timed | undefined {
  if (event?.leftAt !== undefined) return { at: event.leftAt, by: Witness.EVENTS };
  const initial = input.witness.initialHostOf(vm.id);
  const hostAway = initial !== undefined ? input.timeline.hostAwaySince(initial) : undefined;
  if (hostAway !== undefined) return { at: hostAway, by: Witness.EVENTS };
  const hostLeft = initial !== undefined ? input.witness.hostLeft.get(initial) : undefined;
  const sighting = hostLeft ?? input.witness.vmLeft.get(vm.id);
  return sighting !== undefined ? { at: sighting.after ?? sighting.at, by: Witness.POLLING } : undefined;
}

/**
 * A loss the engine reported only after a silence it began (a self-hosted engine dies with its site and, restarted,
 * reports the hosts lost from its own start) may have happened as early as the engine's last answer: unless a poll
 * saw the VM still up where it was after the silence (not counting what a restarted engine shows from its database),
 * the VM is timed from the silence's start, an upper bound that the note pairs with the engine's own (later) time.
 * Never kinder than what can be proved.
 */
function widenedBySilence(input: FigureInput, vm: Vm, left: Timed | undefined, notes: string[]): Timed | undefined {
  if (left === undefined) return undefined;
  const lastUpAway = input.witness.vmLastUpAway.get(vm.id);
  const silence = (input.engineGaps ?? []).find(
    (g) =>
      g.from <= left.at &&
      (lastUpAway === undefined ||
        lastUpAway < (g.to ?? Number.POSITIVE_INFINITY) + (g.is_restart === true ? RESTARTED_ENGINE_STALE_MS : 0))
  );
  if (silence === undefined) return left;
  notes.push(
    `${vm.name}: its host's loss was first reported at ${left.at} (${left.by}) by an engine silent since ` +
      `${silence.from}; the loss may be that early, so its recovery is timed from ${silence.from} (an upper bound)`
  );
  return { at: silence.from, by: Witness.POLLING };
}

function upOf(event: VmMove | undefined, polled: Sighting | undefined): Timed | undefined {
  if (event !== undefined) return { at: event.upAt, by: Witness.EVENTS };
  if (polled === undefined || polled.after === undefined) return undefined;
  return { at: polled.at, by: Witness.POLLING, after: polled.after };
}

/** How a VM moved, from the statuses the polls saw: lost (unknown, down) then up is a restart. */
function polledHow(witness: PollingWitness, vmId: string): string | undefined {
  const trail = witness.vms.get(vmId);
  if (trail === undefined || trail.hostIds.length < 2) return undefined;
  const wasLost = trail.statuses.some((s) => s === 'unknown' || s === 'down' || s === 'wait_for_launch');
  return wasLost ? 'restarted' : 'migrated';
}

function whyNotRecovered(input: FigureInput, vm: Vm): string {
  const word = input.timeline.trouble.get(vm.id);
  const host = vm.host !== undefined ? input.view.hostByName.get(input.view.hostName.get(vm.host.id) ?? '') : undefined;
  const where = host !== undefined ? ` on ${host.name} (${host.status})` : '';
  const state = `${vm.status}${where}, not on ${input.targetOf(vm.name)}`;
  return word !== undefined ? `${state}; the engine: ${word.text}` : state;
}

function whyNotMeasured(input: FigureInput, vm: Vm): string {
  if (input.witness.wasInPlaceAtStart(vm.id)) {
    return (
      `already on ${input.targetOf(vm.name)} at the wait's first poll and the engine's event feed since ` +
      `event ${input.spec.baseline} shows no arrival: when it came up is unknown`
    );
  }
  return 'it arrived while the engine did not answer, and the event feed shows no arrival';
}

/** The two witnesses against each other: an event time outside the polls' window is said. */
function crossCheck(input: FigureInput, name: string, event: VmMove | undefined, polled: Sighting | undefined) {
  if (event === undefined) {
    if (polled?.after === undefined || !input.done.has(name)) return [];
    return [
      `${name}: no arrival in the engine's event feed; its up time comes from polling (seen up at most ` +
        `${formatDuration(input.pollMs)} after it came up)`,
    ];
  }
  if (polled === undefined) return [];
  const slack = 1_000;
  const isLate = event.upAt > polled.at + slack;
  const isEarly = polled.after !== undefined && event.upAt < polled.after - slack;
  if (!isLate && !isEarly) return [];
  const window = polled.after !== undefined ? `between polls at ${polled.after} and ${polled.at}` : `by ${polled.at}`;
  return [`${name}: the event feed says up at ${event.upAt}, the polls saw it come up ${window}; the events count`];
}
