/**
 * The site-level lines of a drill's text summary: emptying the primary site, every SPM move and each time without
 * a working SPM, the failback phase, VMs left down, the engine VM, and what the witnesses could not see.
 */
import { formatDuration } from '../shared/duration';
import { describeHosts, formatClock, formatMaybeDuration } from './format';
import type { DrillReport, SiteFigures, SpmHandover, VmMove } from './types';
import { VmOutcome, Witness } from './types';

/** `(polling)` after a figure only the polls measured: the events are the default witness. */
export function byWitness(by: string | undefined): string {
  return by === Witness.POLLING ? ' (polling)' : '';
}

export function describeEmptied(site: SiteFigures): string[] {
  const e = site.primaryEmptied;
  if (e === undefined) return [];
  const from = `${e.firstHost ?? 'the first VM'} left ${formatClock(e.from)}`;
  if (!e.isComplete) return [`Primary site NOT emptied: ${from}, and not every VM ran again on the other site`];
  return [
    `Primary site emptied in ${formatMaybeDuration(e.ms, '?')}${byWitness(e.by)}: ${from}, last VM up ` +
      `${e.to === undefined ? '?' : formatClock(e.to)}${e.lastVm === undefined ? '' : ` (${e.lastVm})`}`,
  ];
}

export function describeSpmMoves(moves: readonly SpmHandover[]): string[] {
  if (moves.length === 0) return [];
  const parts = moves.map((h) => {
    const time = h.electedAt === undefined ? 'no SPM elected' : `in ${formatMaybeDuration(h.handoverMs, '?')}`;
    const how = [h.phase, ...(h.isForced === true ? ['forced'] : [])].join(', ');
    return `${describeHosts(h.fromHost, h.toHost)} ${time}${byWitness(h.by)} (${how})`;
  });
  return [`SPM moves: ${parts.join('; ')}`];
}

export function describeSpmOutages(site: SiteFigures): string[] {
  return site.spmOutages.map((o) => {
    const length = o.to === undefined ? 'still none when the drill measured last' : `for ${formatMaybeDuration(o.ms)}`;
    const lost = o.host === undefined ? '' : ` (${o.host} lost)`;
    return `No working SPM from ${formatClock(o.from)}${lost}: ${length}${byWitness(o.by)}`;
  });
}

export function describeFailbackPhase(report: DrillReport): string[] {
  const moves = report.failback;
  const phase = report.site.failbackPhase;
  if (moves.length === 0 && phase === undefined) return [];
  const home = moves.filter((m) => m.outcome === VmOutcome.RECOVERED).length;
  const took =
    phase?.ms !== undefined && phase.isComplete
      ? ` in ${formatDuration(phase.ms)}${byWitness(phase.by)} (site back ${formatClock(phase.from)} to last VM home)`
      : '';
  const slowest = moves[0];
  const tail =
    slowest?.recoveryMs !== undefined ? `, slowest move ${slowest.name} ${formatDuration(slowest.recoveryMs)}` : '';
  return [`Failback: ${home} of ${moves.length} VMs home${took}${tail}`];
}

export function describeLeftDown(site: SiteFigures): string[] {
  if (site.leftDown.length === 0) return [];
  const vms = site.leftDown.map((v) => `${v.vm} (${v.status}${v.isHighlyAvailable ? '' : ', not highly available'})`);
  return [`Left down after the drill: ${vms.join(', ')}: start them by hand`];
}

export function describeEngineVm(site: SiteFigures): string[] {
  const vm = site.engineVm;
  if (vm === undefined) return [];
  const moves = vm.moves.map(
    (m) =>
      `${describeHosts(m.fromHost, m.toHost)}${m.at === undefined ? '' : ` at ${formatClock(m.at)}`}${byWitness(m.by)}`
  );
  const end = vm.hostAfter === undefined ? '' : `; now on ${vm.hostAfter ?? 'no host'}`;
  return [`Engine VM ${vm.name}: ${moves.length === 0 ? 'did not move' : moves.join(', ')}${end}`];
}

export function describeWitnessGaps(report: DrillReport): string[] {
  const lines: string[] = [];
  const polled = [...report.recoveries, ...report.failback].filter(
    (m: VmMove) => m.upBy === Witness.POLLING || m.leftBy === Witness.POLLING
  );
  if (polled.length > 0) {
    lines.push(
      `Timed by polling, not by the engine's events: ${polled.map((m) => `${m.name} (${m.phase})`).join(', ')}`
    );
  }
  for (const g of report.site.engineGaps) {
    lines.push(
      `The engine did not answer from ${formatClock(g.from)} for ${formatMaybeDuration(g.ms, '?')} (step "${g.stepId}")`
    );
  }
  for (const g of report.site.feedGaps) {
    lines.push(`The engine's event feed skipped events ${g.afterIndex + 1}..${g.beforeIndex - 1} (step "${g.stepId}")`);
  }
  return lines;
}

export function describeStop(report: DrillReport): string[] {
  const stop = report.stopped;
  if (stop === undefined) return [];
  const where = `step "${stop.stepId}"${stop.target === undefined ? '' : ` on ${stop.target}`}`;
  const what = stop.isPrecondition ? 'Stopped before the failover (nothing changed) at' : 'Stopped at';
  return [`${what} ${where}${stop.module === undefined ? '' : ` (${stop.module})`}: ${stop.error}`];
}
