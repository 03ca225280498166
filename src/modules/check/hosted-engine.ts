/**
 * `check.hosted_engine`: a self-hosted engine can move to every site it must survive the loss of. For each site
 * (default both), at least one of its hosts must be a hosted-engine host the engine reports as able to run the
 * engine VM: up, its `hosted_engine` configured, and a positive HA agent score (a host with score 0 is not a
 * valid target: ovirt-api.md §9.4; MODEL types/HostedEngine.java). The engine reports `hosted_engine` only with
 * `all_content=true` and only on hosts where the agent was deployed (`hosted-engine --deploy`, or added or
 * reinstalled with `deploy_hosted_engine=true`): an inventory's `hosted_engine: true` alone is not enough.
 * A standalone engine has no hosted-engine hosts: the check passes and says so.
 */
import { SITE_ROLES } from '../../inventory/types';
import type { SiteRole } from '../../inventory/types';
import { HostStatus } from '../../olvm/types';
import type { Host } from '../../olvm/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';

const NAME = 'check.hosted_engine';

export interface CheckHostedEngineArgs {
  /** The sites that need a hosted-engine host ready (default both). */
  sites?: SiteRole[];
}

interface HostedEngineHostView {
  status: string;
  configured: boolean;
  score: number;
  local_maintenance: boolean;
}

/** Whether the engine would start its own VM on this host now. */
export function isHostedEngineReady(host: Host): boolean {
  const he = host.hostedEngine;
  return host.status === HostStatus.UP && he?.isConfigured === true && he.score > 0;
}

function viewOf(host: Host): HostedEngineHostView {
  return {
    status: host.status,
    configured: host.hostedEngine?.isConfigured === true,
    score: host.hostedEngine?.score ?? 0,
    local_maintenance: host.hostedEngine?.isLocalMaintenance === true,
  };
}

/** Why the deployed hosts cannot take the engine VM, and which hosts have no hosted-engine agent at all. */
function describeUnready(hosts: readonly Host[]): string {
  const parts: string[] = [];
  for (const host of hosts) {
    const he = host.hostedEngine;
    if (he?.isConfigured !== true) continue;
    const why = [`status ${host.status}`];
    if (he.isLocalMaintenance) why.push('local maintenance');
    if (!he.isActive) why.push('agent not active');
    parts.push(`${host.name}: score ${he.score} (${why.join(', ')})`);
  }
  const bare = hosts.filter((h) => h.hostedEngine?.isConfigured !== true).map((h) => h.name);
  if (bare.length > 0) parts.push(`no hosted-engine configuration on ${bare.join(', ')}`);
  return parts.join('; ');
}

function undeployedMarks(ctx: ModuleContext, role: SiteRole, inEngine: readonly Host[]): string[] {
  return ctx.inventory.sites[role].hosts.filter((name) => {
    const isMarked = ctx.inventory.hosts[name]?.hostedEngine === true;
    const host = inEngine.find((h) => h.name === name);
    return isMarked && host?.hostedEngine?.isConfigured !== true;
  });
}

function siteProblem(ctx: ModuleContext, role: SiteRole, siteHosts: readonly Host[]): CheckProblem {
  const site = ctx.inventory.sites[role];
  const seen = siteHosts.length > 0 ? describeUnready(siteHosts) : 'none of its hosts is in the engine';
  const marked = undeployedMarks(ctx, role, siteHosts);
  const hint =
    marked.length > 0
      ? ` (${marked.join(', ')}: hosted_engine: true in the inventory, but not deployed: add or reinstall ` +
        'with deploy_hosted_engine, olvm.host hosted_engine: deploy)'
      : '';
  return {
    text:
      `no hosted-engine host ready on the ${role} site (${site.name}): the engine VM cannot move there when the ` +
      `other site is lost; ${seen}${hint}`,
    reason: Procedure.SELF_HOSTED_HA,
  };
}

export const checkHostedEngine: StepModule<CheckHostedEngineArgs> = {
  name: NAME,
  isReadOnly: true,
  description: 'A self-hosted engine can move to each site: a hosted-engine host there is up with a positive HA score.',
  schema: {
    type: 'object',
    properties: {
      sites: {
        type: 'array',
        items: { type: 'string', enum: [...SITE_ROLES] },
        minItems: 1,
        uniqueItems: true,
        description: 'The sites that need a hosted-engine host ready (default: primary and secondary).',
      },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    if (ctx.inventory.engine.kind !== 'self-hosted') {
      return planNone({
        passed: true,
        kind: ctx.inventory.engine.kind,
        note: 'a standalone engine has no hosted-engine hosts',
      });
    }
    const client = await engineOf(ctx);
    const hosts = await client.hosts.list({ allContent: true, signal: ctx.signal });
    const problems: CheckProblem[] = [];
    const ready: Record<string, string[]> = {};
    const seen: Record<string, HostedEngineHostView> = {};
    for (const role of args.sites ?? SITE_ROLES) {
      const siteHosts = hosts.filter((h) => ctx.inventory.hosts[h.name]?.site === role);
      for (const host of siteHosts.filter((h) => h.hostedEngine !== undefined)) seen[host.name] = viewOf(host);
      ready[role] = siteHosts.filter(isHostedEngineReady).map((h) => h.name);
      if (ready[role].length === 0) problems.push(siteProblem(ctx, role, siteHosts));
    }
    return planNone(verdict(NAME, ctx, problems, { kind: 'self-hosted', ready, hosts: seen }));
  },
  apply() {
    return Promise.resolve({});
  },
};
