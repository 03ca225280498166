/**
 * `check.engine_ha`: the engine survives the loss of a site. A standalone engine must be made highly available
 * outside the cluster (`engine.ha: external`, not on a cluster host); a self-hosted engine needs hosted-engine
 * hosts on both sites. Otherwise the VMs will not fail over, as the procedure warns.
 */
import { SITE_ROLES } from '../../inventory/types';
import type { Inventory } from '../../inventory/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';

const NAME = 'check.engine_ha';

function standaloneProblems(inventory: Inventory): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const { ha, host } = inventory.engine;
  if (ha === 'none') {
    problems.push({
      text:
        'the standalone engine is not highly available (engine.ha: none): if it goes down with a site, ' +
        'the virtual machines will not fail over',
      reason: Procedure.ENGINE_HA,
    });
  } else if (ha === 'hosted-engine') {
    problems.push({
      text: 'engine.ha is hosted-engine but engine.kind is standalone: make the engine highly available outside the cluster (engine.ha: external)',
      reason: Procedure.ENGINE_HA,
    });
  }
  const site = host !== undefined ? inventory.hosts[host]?.site : undefined;
  if (host !== undefined && site !== undefined) {
    problems.push({
      text: `the standalone engine runs on ${host}, a host of the ${site} site: it goes down with that site`,
      reason: Procedure.ENGINE_HA,
    });
  }
  return problems;
}

async function selfHostedProblems(ctx: ModuleContext, found: Record<string, string[]>): Promise<CheckProblem[]> {
  const problems: CheckProblem[] = [];
  if (ctx.inventory.engine.ha === 'none') {
    problems.push({
      text: 'engine.ha is none: the self-hosted engine VM would not move to the other site',
      reason: Procedure.ENGINE_HA,
    });
  }
  const client = await engineOf(ctx);
  const hosts = await client.hosts.list({ allContent: true, signal: ctx.signal });
  for (const role of SITE_ROLES) {
    const names = hosts
      .filter((h) => h.hostedEngine?.isConfigured === true && ctx.inventory.hosts[h.name]?.site === role)
      .map((h) => h.name);
    found[role] = names;
    if (names.length === 0) {
      problems.push({
        text: `no hosted-engine host on the ${role} site: the engine VM cannot move there when the other site is lost`,
        reason: Procedure.SELF_HOSTED_HA,
      });
    }
  }
  return problems;
}

export const checkEngineHa: StepModule<Record<string, never>> = {
  name: NAME,
  isReadOnly: true,
  description:
    'The engine survives a site loss: standalone made HA outside the cluster, or hosted-engine hosts on both sites.',
  schema: { type: 'object', properties: {}, additionalProperties: false },
  async plan(ctx) {
    const { kind, ha, host } = ctx.inventory.engine;
    const hostedEngineHosts: Record<string, string[]> = {};
    const problems =
      kind === 'standalone' ? standaloneProblems(ctx.inventory) : await selfHostedProblems(ctx, hostedEngineHosts);
    const measurements: Record<string, unknown> = { kind, ha, host: host ?? null };
    if (kind !== 'standalone') measurements.hosted_engine_hosts = hostedEngineHosts;
    return planNone(verdict(NAME, ctx, problems, measurements));
  },
  apply() {
    return Promise.resolve({});
  },
};
