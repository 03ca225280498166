/** `olvm.wait`: arguments and their resolution against the inventory and the engine. */
import { SITE_ROLES } from '../../inventory/types';
import type { OlvmClient } from '../../olvm/types';
import type { ModuleContext } from '../types';
import { DURATION_SCHEMA, siteArg } from './args';
import { runBaseline } from './engine-access';
import { OlvmModuleError } from './errors';
import { NAME_SET_SCHEMA, selectHosts, selectVms } from './select';
import type { NameSet } from './select';
import { WaitCondition } from './wait-state';
import type { EngineView, WaitSpec } from './wait-state';

const NAME = 'olvm.wait';

export interface OlvmWaitArgs {
  condition: WaitCondition;
  phase?: 'failover' | 'failback';
  site?: string;
  vms?: NameSet;
  hosts?: NameSet;
  status?: string | string[];
  /** Engine event index to read the feed from (default: the newest when the run first used the engine). */
  since?: number;
  timeout?: string | number;
  poll?: string | number;
}

export const WAIT_SCHEMA = {
  type: 'object',
  properties: {
    condition: {
      type: 'string',
      enum: Object.values(WaitCondition),
      description:
        'vms_on_site: the VMs run on hosts of `site`; vms_home: each VM runs on its home site; spm_on_site: the ' +
        'SPM is a host of `site`; hosts_status: the hosts are in `status`.',
    },
    phase: { type: 'string', enum: ['failover', 'failback'], description: 'The drill phase, for the report.' },
    site: { type: 'string', minLength: 1, description: 'The site (vms_on_site, spm_on_site; hosts_status default).' },
    vms: {
      ...NAME_SET_SCHEMA,
      description:
        'The VMs (names or a selector); default the inventory VMs with high_availability (for vms_on_site: ' +
        'those whose home is another site).',
    },
    hosts: { ...NAME_SET_SCHEMA, description: 'hosts_status: the hosts (default the hosts of `site`, else all).' },
    status: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      ],
      description: 'hosts_status: the status (or statuses) awaited, e.g. maintenance.',
    },
    since: { type: 'integer', minimum: 0, description: 'Read engine events after this index (default: run start).' },
    timeout: { ...DURATION_SCHEMA, description: 'How long to wait (default 30m).' },
    poll: { ...DURATION_SCHEMA, description: 'Pause between reads (default 3s).' },
  },
  required: ['condition'],
  additionalProperties: false,
} as const;

function need(ctx: ModuleContext, isMissing: boolean, what: string): void {
  if (isMissing) throw new OlvmModuleError(NAME, ctx, what, { code: 'INVALID_ARGS' });
}

function defaultVms(ctx: ModuleContext, spec: Pick<WaitSpec, 'condition' | 'role'>): string[] {
  return ctx.inventory.vms
    .filter((vm) => vm.highAvailability && (spec.condition === WaitCondition.VMS_HOME || vm.site !== spec.role))
    .map((vm) => vm.name);
}

function hostSet(ctx: ModuleContext, args: OlvmWaitArgs, role: WaitSpec['role']): string[] {
  if (args.hosts !== undefined) return selectHosts(NAME, ctx, 'hosts', args.hosts);
  const roles = role !== undefined ? [role] : SITE_ROLES;
  return roles.flatMap((r) => ctx.inventory.sites[r].hosts);
}

/**
 * The spec of a wait. `view` is undefined when the engine did not answer (a self-hosted engine down while its VM
 * restarts): the VMs are then those the inventory names, and whether the engine has them is seen as it answers.
 */
export async function resolveWaitSpec(
  ctx: ModuleContext,
  client: OlvmClient,
  args: OlvmWaitArgs,
  view: EngineView | undefined
): Promise<WaitSpec> {
  const condition = args.condition;
  const needsSite = condition === WaitCondition.VMS_ON_SITE || condition === WaitCondition.SPM_ON_SITE;
  need(ctx, needsSite && args.site === undefined, `condition ${condition} needs \`site\``);
  need(ctx, condition === WaitCondition.HOSTS_STATUS && args.status === undefined, 'hosts_status needs `status`');
  const role = args.site !== undefined ? siteArg(NAME, ctx, args.site) : undefined;
  const isVmWait = condition === WaitCondition.VMS_ON_SITE || condition === WaitCondition.VMS_HOME;
  const vms = !isVmWait
    ? []
    : args.vms !== undefined
      ? selectVms(NAME, ctx, 'vms', args.vms, view !== undefined ? [...view.vmByName.keys()] : [])
      : defaultVms(ctx, { condition, role });
  const missing = view !== undefined ? vms.filter((name) => !view.vmByName.has(name)) : [];
  need(ctx, missing.length > 0, `VMs not in the engine: ${missing.join(', ')}`);
  const homeless =
    condition === WaitCondition.VMS_HOME ? vms.filter((n) => !ctx.inventory.vms.some((v) => v.name === n)) : [];
  need(
    ctx,
    homeless.length > 0,
    `vms_home needs a home site for: ${homeless.join(', ')} (add them to the inventory's vms)`
  );
  const statuses = args.status === undefined ? [] : Array.isArray(args.status) ? args.status : [args.status];
  return {
    condition,
    ...(args.phase !== undefined ? { phase: args.phase } : {}),
    ...(role !== undefined ? { role } : {}),
    vms,
    hosts: condition === WaitCondition.HOSTS_STATUS ? hostSet(ctx, args, role) : [],
    statuses,
    baseline: args.since ?? (await runBaseline(client, ctx.signal)),
  };
}

export function describeWait(spec: WaitSpec): string {
  switch (spec.condition) {
    case WaitCondition.VMS_ON_SITE:
      return `${spec.vms.length} of ${spec.vms.length} VMs on ${spec.role ?? '?'}`;
    case WaitCondition.VMS_HOME:
      return `${spec.vms.length} of ${spec.vms.length} VMs home`;
    case WaitCondition.SPM_ON_SITE:
      return `SPM on site ${spec.role ?? '?'}`;
    case WaitCondition.HOSTS_STATUS:
      return `${spec.hosts.length} of ${spec.hosts.length} hosts ${spec.statuses.join(' or ')}`;
  }
}
