/**
 * The site-level figures of an `olvm.wait` result: the hosts that left and came back, every SPM election since the
 * baseline, the periods without a working SPM, the engine VM's moves (self-hosted), and the indexes the event feed
 * skipped. Each figure names its witness (`events` or `polling`).
 */
import type { Vm } from '../../olvm/types';
import type { EngineView } from './wait-state';
import type { Timeline } from './wait-timeline';
import type { SpmElection } from './wait-timeline-types';
import { Witness } from './wait-witness';
import type { PollingWitness } from './wait-witness';

type Json = Record<string, unknown>;

export interface SiteInput {
  view: EngineView;
  timeline: Timeline;
  witness: PollingWitness;
  /** The SPM before an election whose predecessor the feed does not show. */
  previousSpm: (electionIndex: number) => string | undefined;
}

export function figureSite(input: SiteInput): Json {
  const site: Json = {};
  const hostsLeft = hostsLeftOf(input);
  if (hostsLeft.length > 0) site.hosts_left = hostsLeft;
  const back = input.timeline.hostChanges.filter((c) => c.kind === 'back');
  if (back.length > 0) site.hosts_back = back.map((c) => ({ name: nameOf(input, c.hostId), at: c.at, by: 'events' }));
  const moves = input.timeline.elections.map((e) => spmMove(input, e));
  if (moves.length > 0) site.spm_moves = moves;
  const outages = spmOutages(input, moves);
  if (outages.length > 0) site.spm_outages = outages;
  const engineVm = engineVmMoves(input);
  if (engineVm !== undefined) site.engine_vm = engineVm;
  if (input.timeline.gaps.length > 0) {
    site.feed_gaps = input.timeline.gaps.map((g) => ({
      after_index: g.afterIndex,
      before_index: g.beforeIndex,
      ...(g.from !== undefined ? { from: g.from } : {}),
      ...(g.to !== undefined ? { to: g.to } : {}),
    }));
  }
  return site;
}

function nameOf(input: SiteInput, hostId: string): string {
  return input.view.hostName.get(hostId) ?? hostId;
}

/** Hosts that started to leave: the feed's events, and what only the polls saw. */
function hostsLeftOf(input: SiteInput): Json[] {
  const byEvents = input.timeline.hostChanges.filter((c) => c.kind === 'left');
  const seen = new Set(byEvents.map((c) => c.hostId));
  const byPolls = [...input.witness.hostLeft].filter(([hostId]) => !seen.has(hostId));
  return [
    ...byEvents.map((c) => ({ name: nameOf(input, c.hostId), at: c.at, by: Witness.EVENTS, code: c.code })),
    ...byPolls.map(([hostId, s]) => ({ name: nameOf(input, hostId), at: s.at, by: Witness.POLLING, status: s.status })),
  ].sort((a, b) => a.at - b.at);
}

function spmMove(input: SiteInput, election: SpmElection): Json {
  const fromId = election.previousHostId ?? input.previousSpm(election.index);
  const lostAt = (fromId !== undefined ? election.awaySince.get(fromId) : undefined) ?? election.forcedAt;
  return {
    ...(fromId !== undefined ? { from_host: nameOf(input, fromId) } : {}),
    to_host: nameOf(input, election.hostId),
    ...(lostAt !== undefined ? { lost_at: lostAt, handover_ms: election.at - lostAt } : {}),
    elected_at: election.at,
    by: Witness.EVENTS,
    ...(election.forcedAt !== undefined ? { forced: true } : {}),
  };
}

/**
 * Without a working SPM: from the SPM host leaving to the next election (events); an SPM host that left with no
 * election after it leaves an open period. When the feed shows none, the polls' periods without an up SPM host.
 */
function spmOutages(input: SiteInput, moves: readonly Json[]): Json[] {
  const outages: Json[] = moves
    .filter((m) => typeof m.lost_at === 'number' && m.forced !== true)
    .map((m) => ({ host: m.from_host, from: m.lost_at, to: m.elected_at, by: Witness.EVENTS }));
  const last = input.timeline.elections[input.timeline.elections.length - 1];
  const current = last?.hostId ?? input.previousSpm(Number.MAX_SAFE_INTEGER) ?? input.witness.initialSpmHostId;
  const left = input.timeline.hostChanges.find(
    (c) => c.kind === 'left' && c.hostId === current && (last === undefined || c.at >= last.at)
  );
  if (current !== undefined && left !== undefined && input.timeline.hostAwaySince(current) !== undefined) {
    outages.push({ host: nameOf(input, current), from: left.at, to: null, by: Witness.EVENTS });
  }
  if (outages.length > 0) return outages;
  // From the last poll that still saw a working SPM: the first without one is later than the loss.
  return input.witness.spmGaps.map((g) => ({ from: g.fromAfter ?? g.from, to: g.to ?? null, by: Witness.POLLING }));
}

export function isEngineVm(vm: Vm): boolean {
  return vm.origin === 'managed_hosted_engine' || vm.origin === 'hosted_engine';
}

/** The self-hosted engine VM: where it ran at the first poll and now, and each move the feed or the polls saw. */
function engineVmMoves(input: SiteInput): Json | undefined {
  const vm = input.view.vms.find(isEngineVm);
  if (vm === undefined) return undefined;
  const events = input.timeline.moves.filter((m) => m.vmId === vm.id);
  const trail = input.witness.vms.get(vm.id);
  const moves =
    events.length > 0
      ? events.map((m) => ({
          ...(m.fromHostId !== undefined ? { from_host: nameOf(input, m.fromHostId) } : {}),
          to_host: nameOf(input, m.toHostId),
          at: m.at,
          how: m.how,
          by: Witness.EVENTS,
        }))
      : (trail?.hostIds ?? []).slice(1).map((hostId, i) => ({
          from_host: nameOf(input, trail?.hostIds[i] ?? ''),
          to_host: nameOf(input, hostId),
          by: Witness.POLLING,
        }));
  return {
    name: vm.name,
    ...(trail?.initialHostId !== undefined ? { host_at_start: nameOf(input, trail.initialHostId) } : {}),
    host_at_end: vm.host !== undefined ? nameOf(input, vm.host.id) : null,
    status: vm.status,
    moves,
  };
}
