/**
 * `check.engine_ha`: the engine survives the loss of a site, as the inventory describes it. A standalone engine
 * must be made highly available outside the cluster (`engine.ha: external`, not on a cluster host); a self-hosted
 * engine needs hosted-engine hosts on both sites (`hosted_engine: true`). Otherwise the VMs will not fail over, as
 * the procedure warns. It reads only the inventory: whether the engine really has a hosted-engine host ready on
 * each site is `check.hosted_engine`'s question.
 */
import { SITE_ROLES } from '../../inventory/types';
import type { Inventory } from '../../inventory/types';
import type { StepModule } from '../types';
import { planNone } from '../types';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';
import { settle } from '../../shared/promises';

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

function selfHostedProblems(inventory: Inventory, marked: Record<string, string[]>): CheckProblem[] {
  const problems: CheckProblem[] = [];
  if (inventory.engine.ha === 'none') {
    problems.push({
      text: 'engine.ha is none: the self-hosted engine VM would not move to the other site',
      reason: Procedure.ENGINE_HA,
    });
  }
  for (const role of SITE_ROLES) {
    marked[role] = inventory.sites[role].hosts.filter((name) => inventory.hosts[name]?.hostedEngine === true);
    if (marked[role].length === 0) {
      problems.push({
        text: `no host of the ${role} site has hosted_engine: true: the engine VM cannot move there when the other site is lost`,
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
  plan(ctx) {
    return settle(() => {
      const { kind, ha, host } = ctx.inventory.engine;
      const hostedEngineHosts: Record<string, string[]> = {};
      const problems =
        kind === 'standalone'
          ? standaloneProblems(ctx.inventory)
          : selfHostedProblems(ctx.inventory, hostedEngineHosts);
      const measurements: Record<string, unknown> = { kind, ha, host: host ?? null };
      if (kind !== 'standalone') measurements.hosted_engine_hosts = hostedEngineHosts;
      return planNone(verdict(NAME, ctx, problems, measurements));
    });
  },
  apply() {
    return Promise.resolve({});
  },
};
