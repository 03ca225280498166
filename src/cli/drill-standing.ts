/**
 * Where the cluster stands after a drill that failed or stopped, read from the engine before the run lets go of it:
 * every inventory host's status (the SPM marked), where each inventory VM runs, and what to run next (resume once
 * the cause is fixed, or go straight to the failback). Read-only, and never fatal: an engine that cannot be read is
 * said, not thrown.
 */
import type { Inventory } from '../inventory/types';
import type { OlvmClient } from '../olvm/types';
import { SpmStatus } from '../olvm/types';
import type { Runbook } from '../runbook/types';
import { messageOf } from '../shared/errors';

/** The lines that say where the cluster stands, or why that could not be read. */
export async function readStanding(client: OlvmClient, inventory: Inventory): Promise<string[]> {
  try {
    const [hosts, vms] = await Promise.all([client.hosts.list(), client.vms.list()]);
    const hostName = new Map(hosts.map((h) => [h.id, h.name]));
    const siteOf = (name: string | undefined) => (name === undefined ? undefined : inventory.hosts[name]?.site);
    const hostLines = hosts
      .filter((h) => inventory.hosts[h.name] !== undefined)
      .map((h) => `${h.name} ${h.status}${h.spm.status === SpmStatus.SPM ? ' (SPM)' : ''}`);
    const byName = new Map(vms.map((vm) => [vm.name, vm]));
    const vmLines = inventory.vms.map(({ name, site: home }) => {
      const vm = byName.get(name);
      if (vm === undefined) return `${name} not in the engine`;
      const on = vm.host !== undefined ? hostName.get(vm.host.id) : undefined;
      const site = siteOf(on);
      const where = on === undefined ? '' : ` on ${on} (${site === home ? 'home' : (site ?? 'no site')})`;
      return `${name} ${vm.status}${where}`;
    });
    return [
      `Where the cluster stands now (read from the engine at ${new Date(client.clock.now()).toISOString()}):`,
      `  hosts: ${hostLines.join(', ') || 'none'}`,
      `  VMs: ${vmLines.join(', ') || 'none'}`,
    ];
  } catch (error) {
    return [`Where the cluster stands could not be read from the engine: ${messageOf(error)}`];
  }
}

/**
 * Where to start the failback: the first step that brings the primary site back (`failback`, or `recover` when the
 * lab's power comes back), or the olvm.facts steps right before it, whose results the failback measures from.
 */
export function failbackStepOf(runbook: Runbook): string | undefined {
  const steps = runbook.steps;
  let start = steps.findIndex((s) => /failback|recover/i.test(s.id));
  if (start < 0) return undefined;
  while (start > 0 && steps[start - 1]?.module === 'olvm.facts') start -= 1;
  return steps[start]?.id;
}

export interface NextSteps {
  /** The runbook as the operator named it. */
  file: string;
  /** The drill stopped before it changed anything (a precondition). */
  isPrecondition: boolean;
  failbackStep?: string;
  isInterrupted: boolean;
}

/** What to run next, as command lines. */
export function describeNextSteps(next: NextSteps): string[] {
  if (next.isPrecondition) {
    return [
      'Next: nothing was changed. Fix what the check above names, then run the drill again:',
      `  runbook exec ${next.file}`,
    ];
  }
  const lines = [
    `Next: the drill stopped half way${next.isInterrupted ? ' (interrupted)' : ''}. Either continue it once the cause is fixed:`,
    `  runbook exec ${next.file} --resume`,
  ];
  if (next.failbackStep !== undefined) {
    lines.push(
      'or bring the primary site back now (failback, SPM home, verification):',
      `  runbook exec ${next.file} --start-at ${next.failbackStep} --yes`
    );
  }
  return lines;
}
