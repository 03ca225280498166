/**
 * The drill at the level of the sites, from the wait results and the run's olvm.facts, olvm.spm and olvm.engine_vm
 * results: how long emptying the primary site took (first host leaving to last VM up), where each VM ran before the
 * drill, hosts leaving and coming back, periods without a working SPM, the failback phase, VMs left down, the engine
 * VM's moves, and the gaps of both witnesses.
 */
import type { RunEvent, StepStartedEvent } from '../engine/events';
import { withEngineVmSteps } from './engine-vm-steps';
import { isObject, numberAt, stringAt, witnessAt } from './json-read';
import type { WaitPart } from './moves';
import { DrillPhase, VmOutcome, Witness } from './types';
import type { EngineVmMove, SiteFigures, SiteSpan, SpmHandover, VmMove } from './types';

type Json = Record<string, unknown>;

export const FACTS_MODULE = 'olvm.facts';
export const SPM_MODULE = 'olvm.spm';

interface FactsVm {
  host: string | null;
  status: string;
  isHighlyAvailable: boolean;
}

/** The `vms` of every olvm.facts result of the run, in order. */
function factsOf(events: readonly RunEvent[], steps: Map<string, StepStartedEvent>): Array<Map<string, FactsVm>> {
  const all: Array<Map<string, FactsVm>> = [];
  for (const e of events) {
    if (e.type !== 'task.finished' || steps.get(e.stepId)?.module !== FACTS_MODULE || e.status === 'failed') continue;
    const vms = e.result?.['vms'];
    if (!isObject(vms)) continue;
    const facts = new Map<string, FactsVm>();
    for (const [name, value] of Object.entries(vms)) {
      if (!isObject(value)) continue;
      facts.set(name, {
        host: stringAt(value, 'host') ?? null,
        status: stringAt(value, 'status') ?? 'unknown',
        isHighlyAvailable: value['high_availability'] === true,
      });
    }
    all.push(facts);
  }
  return all;
}

/** The SPM moves olvm.spm made (a force selection back home): the failback's when it went to the primary site. */
export function spmStepMoves(events: readonly RunEvent[], steps: Map<string, StepStartedEvent>): SpmHandover[] {
  return events.flatMap((e): SpmHandover[] => {
    if (e.type !== 'task.finished' || steps.get(e.stepId)?.module !== SPM_MODULE) return [];
    const move = e.result?.['move'];
    if (!isObject(move) || numberAt(move, 'elected_at') === undefined) return [];
    const phase = e.result?.['site'] === 'primary' ? DrillPhase.FAILBACK : DrillPhase.FAILOVER;
    return [spmMoveOf(move, phase, e.stepId)];
  });
}

function spmMoveOf(move: Json, phase: DrillPhase, stepId: string): SpmHandover {
  const lostAt = numberAt(move, 'lost_at');
  const electedAt = numberAt(move, 'elected_at');
  const handover: SpmHandover = { phase, stepId };
  const parts: Partial<SpmHandover> = {
    fromHost: stringAt(move, 'from_host'),
    toHost: stringAt(move, 'to_host'),
    lostAt,
    electedAt,
    handoverMs: lostAt !== undefined && electedAt !== undefined ? electedAt - lostAt : undefined,
    by: witnessAt(move, 'by'),
    isForced: move['forced'] === true ? true : undefined,
  };
  for (const [key, value] of Object.entries(parts)) if (value !== undefined) Object.assign(handover, { [key]: value });
  return handover;
}

export interface SiteInput {
  events: readonly RunEvent[];
  steps: Map<string, StepStartedEvent>;
  parts: readonly WaitPart[];
  recoveries: readonly VmMove[];
  failback: readonly VmMove[];
}

export function collectSite(input: SiteInput): SiteFigures {
  const facts = factsOf(input.events, input.steps);
  const hostChanges = hostChangesOf(input.parts);
  const site: SiteFigures = {
    hostsBefore: [...(facts[0] ?? new Map<string, FactsVm>())].map(([vm, f]) => ({
      vm,
      host: f.host,
      status: f.status,
    })),
    hostChanges,
    spmOutages: spmOutagesOf(input.parts),
    leftDown: leftDownOf(facts),
    feedGaps: input.parts.flatMap((p) =>
      (p.result.feed_gaps ?? []).map((g) => ({
        stepId: p.stepId,
        afterIndex: g.after_index,
        beforeIndex: g.before_index,
        ...(g.from !== undefined ? { from: g.from } : {}),
        ...(g.to !== undefined ? { to: g.to } : {}),
      }))
    ),
    engineGaps: input.parts.flatMap((p) => (p.result.engine_gaps ?? []).map((g) => ({ stepId: p.stepId, ...g }))),
  };
  const emptied = primaryEmptiedOf(hostChanges, input.recoveries);
  if (emptied !== undefined) site.primaryEmptied = emptied;
  const failback = failbackPhaseOf(hostChanges, input.parts, input.failback);
  if (failback !== undefined) site.failbackPhase = failback;
  const engineVm = withEngineVmSteps(engineVmOf(input.parts, site.hostsBefore), input);
  if (engineVm !== undefined) site.engineVm = engineVm;
  return site;
}

function hostChangesOf(parts: readonly WaitPart[]): SiteFigures['hostChanges'] {
  const seen = new Map<string, SiteFigures['hostChanges'][number]>();
  for (const part of parts) {
    for (const [kind, list] of [
      ['left', part.result.hosts_left],
      ['back', part.result.hosts_back],
    ] as const) {
      for (const c of list ?? []) {
        const key = `${c.name}\u0000${kind}\u0000${c.at}`;
        if (!seen.has(key))
          seen.set(key, { host: c.name, kind, at: c.at, by: c.by ?? Witness.EVENTS, phase: part.phase });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.at - b.at);
}

/** Witness of a span: the events only when both ends came from them. */
function witnessOf(...bys: Array<Witness | undefined>): Witness {
  return bys.every((by) => by === undefined || by === Witness.EVENTS) ? Witness.EVENTS : Witness.POLLING;
}

function span(from: number, to: number | undefined, by: Witness): SiteSpan {
  return { from, ...(to !== undefined ? { to, ms: to - from } : {}), by };
}

function primaryEmptiedOf(
  changes: SiteFigures['hostChanges'],
  moves: readonly VmMove[]
): SiteFigures['primaryEmptied'] {
  if (moves.length === 0) return undefined;
  const firstLeft = changes.find((c) => c.kind === 'left' && c.phase === DrillPhase.FAILOVER);
  const earliestVm = [...moves].filter((m) => m.leftAt !== undefined).sort((a, b) => a.leftAt! - b.leftAt!)[0];
  // The earlier of the two: a VM timed from an engine silence (its loss reported late) starts the emptying there.
  const isVmFirst = earliestVm?.leftAt !== undefined && (firstLeft === undefined || earliestVm.leftAt < firstLeft.at);
  const from = isVmFirst ? earliestVm.leftAt : firstLeft?.at;
  if (from === undefined) return undefined;
  const isComplete = moves.every((m) => m.outcome === VmOutcome.RECOVERED);
  const last = [...moves].filter((m) => m.upAt !== undefined).sort((a, b) => b.upAt! - a.upAt!)[0];
  const to = isComplete ? last?.upAt : undefined;
  return {
    ...span(from, to, witnessOf(isVmFirst ? earliestVm.leftBy : firstLeft?.by, isComplete ? last?.upBy : undefined)),
    isComplete,
    ...(firstHostOf(isVmFirst ? earliestVm : undefined, firstLeft) ?? {}),
    ...(isComplete && last !== undefined ? { lastVm: last.name } : {}),
  };
}

/** The host whose leaving started the emptying: the first VM's own host when the feed timed that VM's leaving. */
function firstHostOf(
  vm: VmMove | undefined,
  firstLeft: { host: string } | undefined
): { firstHost: string } | undefined {
  if (vm === undefined) return firstLeft !== undefined ? { firstHost: firstLeft.host } : undefined;
  return vm.leftBy === Witness.EVENTS && vm.fromHost !== undefined ? { firstHost: vm.fromHost } : undefined;
}

function failbackPhaseOf(
  changes: SiteFigures['hostChanges'],
  parts: readonly WaitPart[],
  moves: readonly VmMove[]
): SiteFigures['failbackPhase'] {
  const failbackParts = parts.filter((p) => p.phase === DrillPhase.FAILBACK);
  if (failbackParts.length === 0 && moves.length === 0) return undefined;
  const firstBack = changes.find((c) => c.kind === 'back');
  // Without the site's return in the feed: the earlier of the first failback wait and the first VM leaving for home
  // (its site was back by then), never a late wait's start alone.
  const firstHome = moves.map((m) => m.leftAt).filter((at): at is number => at !== undefined);
  const from = firstBack?.at ?? Math.min(...failbackParts.map((p) => p.result.started_at), ...firstHome);
  if (!Number.isFinite(from)) return undefined;
  const isComplete = moves.length > 0 && moves.every((m) => m.outcome === VmOutcome.RECOVERED);
  const last = [...moves].filter((m) => m.upAt !== undefined).sort((a, b) => b.upAt! - a.upAt!)[0];
  const to = isComplete ? last?.upAt : undefined;
  return { ...span(from, to, witnessOf(firstBack?.by, last?.upBy)), isComplete };
}

function spmOutagesOf(parts: readonly WaitPart[]): SiteFigures['spmOutages'] {
  const seen = new Map<number, SiteFigures['spmOutages'][number]>();
  for (const part of parts) {
    for (const o of part.result.spm_outages ?? []) {
      const known = seen.get(o.from);
      const to = o.to ?? undefined;
      if (known !== undefined && (known.to !== undefined || to === undefined)) continue;
      seen.set(o.from, {
        ...span(o.from, to, o.by ?? Witness.EVENTS),
        ...(o.host !== undefined ? { host: o.host } : {}),
      });
    }
  }
  return [...seen.values()].sort((a, b) => a.from - b.from);
}

/** VMs up in the run's first facts and not up in the latest facts that name them. */
function leftDownOf(facts: ReadonlyArray<Map<string, FactsVm>>): SiteFigures['leftDown'] {
  const first = facts[0];
  if (first === undefined || facts.length < 2) return [];
  const latest = new Map<string, FactsVm>();
  for (const f of facts.slice(1)) for (const [name, vm] of f) latest.set(name, vm);
  return [...first]
    .filter(([name, before]) => before.status === 'up' && latest.has(name) && latest.get(name)!.status !== 'up')
    .map(([name]) => {
      const now = latest.get(name)!;
      return { vm: name, status: now.status, isHighlyAvailable: now.isHighlyAvailable, host: now.host };
    });
}

/**
 * The engine VM: where it ran before the drill (the run's first facts, else the first wait's first poll), its moves,
 * and where it is now. A move no wait saw (it happened while the engine did not answer: the engine died with its
 * host and its agents restarted it elsewhere) is added from the facts, with no time, by polling.
 */
function engineVmOf(parts: readonly WaitPart[], hostsBefore: SiteFigures['hostsBefore']): SiteFigures['engineVm'] {
  const seen = parts.filter((p) => p.result.engine_vm !== undefined).map((p) => p.result.engine_vm!);
  const first = seen[0];
  const last = seen[seen.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const moves = new Map<string, EngineVmMove>();
  for (const vm of seen) {
    for (const m of vm.moves) {
      const move: EngineVmMove = {};
      const parts: Partial<EngineVmMove> = { fromHost: m.from_host, toHost: m.to_host, at: m.at, how: m.how, by: m.by };
      for (const [key, value] of Object.entries(parts)) if (value !== undefined) Object.assign(move, { [key]: value });
      moves.set(`${m.from_host ?? ''}\u0000${m.to_host ?? ''}\u0000${m.at ?? ''}`, move);
    }
  }
  const before = hostsBefore.find((h) => h.vm === first.name)?.host ?? first.host_at_start;
  const seenFirst = [...moves.values()][0]?.fromHost ?? first.host_at_start;
  const unseen: EngineVmMove[] =
    before !== undefined && seenFirst !== undefined && before !== seenFirst
      ? [{ fromHost: before, toHost: seenFirst, by: Witness.POLLING }]
      : [];
  return {
    name: first.name,
    ...(before !== undefined ? { hostBefore: before } : {}),
    ...(last.host_at_end !== undefined ? { hostAfter: last.host_at_end } : {}),
    moves: [...unseen, ...moves.values()],
  };
}
