/**
 * A preflight check that did not pass: what failed, the measured values, and the procedure's reason for each
 * requirement (quoted from the OLVM active-active DR procedure). The measurements are kept as a field so a
 * caller can show or record them.
 */
import { ExitCode, RunbookError } from '../../shared/errors';
import type { ModuleContext } from '../types';

export interface CheckProblem {
  /** What is wrong, with the measured value: `round trip kvm-a1 -> kvm-b2 is 12.4 ms, over the 7 ms …`. */
  text: string;
  /** The procedure's reason for the requirement. */
  reason: string;
}

function formatProblems(check: string, where: string, problems: readonly CheckProblem[]): string {
  const first = problems[0];
  if (problems.length === 1 && first !== undefined) {
    return `${where}: ${check}: ${first.text} (the procedure: ${first.reason})`;
  }
  const lines = [`${where}: ${check} failed (${problems.length} problems):`];
  problems.forEach((problem, index) => {
    lines.push(`  - ${problem.text}`);
    if (problems[index + 1]?.reason !== problem.reason) lines.push(`    (the procedure: ${problem.reason})`);
  });
  return lines.join('\n');
}

export class CheckFailedError extends RunbookError {
  readonly check: string;
  readonly stepId: string;
  readonly problems: readonly CheckProblem[];
  /** What was measured, as a passing check would have registered it. */
  readonly measurements: Record<string, unknown>;

  constructor(
    check: string,
    ctx: Pick<ModuleContext, 'stepId' | 'target'>,
    problems: readonly CheckProblem[],
    measurements: Record<string, unknown>
  ) {
    const where = ctx.target === undefined ? `step "${ctx.stepId}"` : `step "${ctx.stepId}" on ${ctx.target.name}`;
    super(formatProblems(check, where, problems), {
      code: 'CHECK_FAILED',
      exitCode: ExitCode.STEP_FAILED,
      hint: 'fix the environment (or the inventory, if it describes it wrongly), then run the check again',
    });
    this.check = check;
    this.stepId = ctx.stepId;
    this.problems = problems;
    this.measurements = measurements;
  }
}

/** Throws CheckFailedError when there are problems; otherwise returns the measurements to register. */
export function verdict(
  check: string,
  ctx: ModuleContext,
  problems: readonly CheckProblem[],
  measurements: Record<string, unknown>
): Record<string, unknown> {
  if (problems.length > 0) throw new CheckFailedError(check, ctx, problems, measurements);
  return { passed: true, ...measurements };
}

/** The procedure's words (/work/shared/seed/olvm-active-active-dr.txt), quoted in failures. */
export const Procedure = {
  LATENCY_STANDALONE: 'a maximum latency of 100ms is required for the standalone Engine environment',
  LATENCY_SELF_HOSTED: 'a maximum latency of 7ms is required for self-hosted engine environment',
  L2:
    'all hosts in the stretch cluster must be on the same broadcast domain over a Layer 2 (L2) network, which ' +
    'means that connectivity between the two sites needs to be L2',
  STORAGE:
    'both sites require synchronously replicated storage that is writable with shared L2 network connectivity to ' +
    'allow virtual machines to migrate between sites and continue running on the site’s storage',
  ENGINE_HA:
    'the Engine must be highly available for virtual machines to failover and failback between sites; if the ' +
    'Engine goes down with the site, the virtual machines do not failover (the standalone Engine is only highly ' +
    'available when managed externally, for example as a highly available virtual machine in a separate ' +
    'virtualization environment, or in a public cloud)',
  SELF_HOSTED_HA:
    'hosts capable of running all the virtual machines in the cluster are located in the primary and secondary ' +
    'site; the self-hosted engine VM fails over like the others, so both sites need hosted-engine hosts',
  HA_VMS:
    'configure all virtual machines that need to failover as highly available and ensure that a virtual machine ' +
    'has a lease on the target storage domain',
  LEASE:
    'each virtual machine must have a lease on a target storage domain to ensure the virtual machine can start ' +
    'even without power management',
  SPM:
    'configure the storage pool manager (SPM) priority to be higher on all hosts in the primary site to ensure SPM ' +
    'failover to the secondary site occurs only when all hosts in the primary site are unavailable',
  HARD_AFFINITY:
    'configure soft enforced virtual machine to host affinity; with VM Affinity Rule Enforcing enabled (shown as ' +
    'Hard), the system does not migrate a virtual machine to a host different from where the other virtual ' +
    'machines in its affinity group are running',
  SOFT_AFFINITY:
    'to ensure virtual machine failover and failback works, you must configure soft enforced virtual machine to ' +
    'host affinity to ensure the virtual machines only start on the selected hosts; when the primary site becomes ' +
    'available and the storage is replicated in both sites, virtual machines automatically failback',
  CAPACITY:
    'configure a stretch cluster where hosts capable of running all the virtual machines in the cluster are ' +
    'located in the primary and secondary site',
} as const;
