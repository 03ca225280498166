/**
 * `olvm.host`: a host in the engine, matched by name (default: the task's inventory host). `state`: present
 * (added to the cluster by name, with a root password reference or the engine's SSH key), active (up),
 * maintenance, absent (removed). `spm_priority`: -1..10 or never / low / normal / high. Waits for the final
 * status with a timeout and registers the status trail it saw.
 */
import { resolveSecret } from '../../inventory/secrets';
import { HostStatus } from '../../olvm/types';
import type { Host } from '../../olvm/types';
import type { Change, ModuleContext, StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { DURATION_SCHEMA, durationArg } from './args';
import { engineOf } from './engine-access';
import { OlvmModuleError } from './errors';
import { applyHostPlan } from './host-apply';
import type { HostPlanData } from './host-apply';
import { blockedReason, HostState, HostStep, SPM_PRIORITY_NAMES, spmPriorityValue, stepTowards } from './host-status';
import type { SpmPriorityName } from './host-status';
import { planSnapshot } from './snapshot';
import type { EngineSnapshot } from './snapshot';

const NAME = 'olvm.host';

export interface OlvmHostArgs {
  /** The host's name in the engine; default the task's inventory host. */
  name?: string;
  state?: HostState;
  /** Address the engine installs the host at; default the inventory address. */
  address?: string;
  /** Cluster name for a host being added; default the inventory's cluster. */
  cluster?: string;
  /** `env:NAME` or `file:PATH`; without it the engine logs in with its own SSH key. */
  root_password?: string;
  spm_priority?: number | SpmPriorityName;
  /** Shown as the host's status detail while in maintenance. */
  reason?: string;
  timeout?: string | number;
  poll?: string | number;
}

const TARGET_STATUS: Partial<Record<HostState, HostStatus>> = {
  active: HostStatus.UP,
  maintenance: HostStatus.MAINTENANCE,
};

function hostNameOf(ctx: ModuleContext, args: OlvmHostArgs): string {
  const name = args.name ?? ctx.target?.name;
  if (name === undefined) {
    throw new OlvmModuleError(NAME, ctx, 'needs a host: give `name` or run the step on `hosts:`', {
      code: 'INVALID_ARGS',
    });
  }
  return name;
}

function hostResult(host: Host): Record<string, unknown> {
  return { name: host.name, id: host.id, status: host.status, spm_priority: host.spm.priority };
}

async function planAdd(ctx: ModuleContext, snapshot: EngineSnapshot, args: OlvmHostArgs, name: string) {
  const clusterName = args.cluster ?? ctx.inventory.cluster.name;
  const cluster = await snapshot.cluster(clusterName);
  if (cluster === undefined) {
    const known = (await snapshot.clusters()).map((c) => c.name).join(', ') || 'none';
    throw new OlvmModuleError(NAME, ctx, `no cluster "${clusterName}" in the engine (known: ${known})`);
  }
  const address = args.address ?? ctx.inventory.hosts[name]?.address;
  if (address === undefined) {
    throw new OlvmModuleError(NAME, ctx, `host ${name} is not in the engine and has no address to add it at`, {
      hint: 'give `address`, or name an inventory host',
      code: 'INVALID_ARGS',
    });
  }
  const isActivate = args.state !== HostState.MAINTENANCE;
  const credentials =
    args.root_password !== undefined ? `the root password from ${args.root_password}` : "the engine's SSH key";
  const changes: Change[] = [
    {
      path: 'state',
      from: 'absent',
      to: isActivate ? HostStatus.UP : HostStatus.MAINTENANCE,
      note: `would add ${name} (${address}) to cluster ${clusterName} with ${credentials}`,
    },
  ];
  const spmPriority = args.spm_priority !== undefined ? spmPriorityValue(args.spm_priority) : undefined;
  if (spmPriority !== undefined) changes.push({ path: 'spm_priority', from: null, to: spmPriority });
  const data: HostPlanData = {
    name,
    step: HostStep.WAIT,
    target: isActivate ? HostStatus.UP : HostStatus.MAINTENANCE,
    add: {
      address,
      clusterId: cluster.id,
      isActivate,
      ...(args.root_password ? { rootPasswordRef: args.root_password } : {}),
    },
    ...(spmPriority !== undefined ? { spmPriority } : {}),
  };
  return planChanges(changes, data);
}

function planExisting(ctx: ModuleContext, args: OlvmHostArgs, host: Host) {
  const changes: Change[] = [];
  const data: HostPlanData = { name: host.name, hostId: host.id, step: HostStep.NONE, initialStatus: host.status };
  if (args.state === HostState.ABSENT) {
    changes.push({ path: 'state', from: host.status, to: 'absent', note: `would remove ${host.name} from the engine` });
    return planChanges(changes, { ...data, isRemove: true });
  }
  if (args.spm_priority !== undefined) {
    const wanted = spmPriorityValue(args.spm_priority);
    if (wanted !== host.spm.priority) {
      changes.push({ path: 'spm_priority', from: host.spm.priority, to: wanted });
      data.spmPriority = wanted;
    }
  }
  const target = args.state !== undefined ? TARGET_STATUS[args.state] : undefined;
  if (target !== undefined) {
    const blocked = blockedReason(host.status, target);
    if (blocked !== undefined)
      throw new OlvmModuleError(NAME, ctx, `cannot bring ${host.name} to ${target}: ${blocked}`);
    const step = stepTowards(host.status, target);
    if (step !== HostStep.NONE) {
      const note = step === HostStep.WAIT ? `would wait for ${target}` : `would ${step} ${host.name}`;
      changes.push({ path: 'status', from: host.status, to: target, note });
      Object.assign(data, { step, target });
    }
  }
  return changes.length === 0 ? planNone<HostPlanData>(hostResult(host)) : planChanges(changes, data);
}

export const olvmHost: StepModule<OlvmHostArgs, HostPlanData> = {
  name: NAME,
  description: 'A host in the engine: added, active, in maintenance or removed; its SPM priority.',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, description: "The host's name in the engine (default: the task's host)." },
      state: {
        type: 'string',
        enum: Object.values(HostState),
        description:
          'present: in the engine (added when missing); active: up; maintenance: VMs moved away; absent: removed.',
      },
      address: {
        type: 'string',
        minLength: 1,
        description: 'Address the engine installs a new host at (default: its inventory address).',
      },
      cluster: {
        type: 'string',
        minLength: 1,
        description: "Cluster, by name, a new host joins (default: the inventory's cluster).",
      },
      root_password: {
        type: 'string',
        pattern: '^(env|file):.+',
        description: "Root password for adding the host, as env:NAME or file:PATH (default: the engine's SSH key).",
      },
      spm_priority: {
        anyOf: [
          { type: 'integer', minimum: -1, maximum: 10 },
          { type: 'string', enum: Object.keys(SPM_PRIORITY_NAMES) },
        ],
        description: 'SPM priority: -1 (never) to 10, or never (-1), low (2), normal (5), high (7).',
      },
      reason: { type: 'string', description: "Maintenance reason, shown as the host's status detail." },
      timeout: { ...DURATION_SCHEMA, description: 'How long to wait for the final status (default 20m).' },
      poll: { ...DURATION_SCHEMA, description: 'Pause between status reads while waiting (default 3s).' },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    durationArg(NAME, ctx, 'timeout', args.timeout, 0);
    durationArg(NAME, ctx, 'poll', args.poll, 0);
    const client = await engineOf(ctx);
    const name = hostNameOf(ctx, args);
    const snapshot = planSnapshot(ctx, client);
    const host = await snapshot.host(name);
    if (host !== undefined) return planExisting(ctx, args, host);
    if (args.state === HostState.ABSENT) return planNone({ name, status: 'absent' });
    return planAdd(ctx, snapshot, args, name);
  },
  async apply(ctx, args, plan) {
    const data = plan.data;
    if (data === undefined) return {};
    const client = await engineOf(ctx);
    const rootPassword = data.add?.rootPasswordRef ? await resolveSecret({ ref: data.add.rootPasswordRef }) : undefined;
    const options = {
      timeoutMs: durationArg(NAME, ctx, 'timeout', args.timeout, 20 * 60_000),
      pollMs: durationArg(NAME, ctx, 'poll', args.poll, 3_000),
      ...(args.reason !== undefined ? { reason: args.reason } : {}),
      ...(rootPassword !== undefined ? { rootPassword } : {}),
    };
    // Adding (the engine installs the host), activating or emptying a host ends in a wait of minutes: not in a fork.
    return ctx.waiting(() => applyHostPlan(ctx, client, data, options));
  },
};
