/**
 * `check.storage`: every storage domain the inventory declares for each site is attached to the data center,
 * active and a writable data domain with free space, and the inventory declares the replication between the
 * sites (the procedure needs synchronously replicated storage writable at both sites).
 */
import { SITE_ROLES } from '../../inventory/types';
import type { Inventory } from '../../inventory/types';
import { StorageDomainStatus } from '../../olvm/types';
import type { StorageDomain } from '../../olvm/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { engineOf } from '../olvm/engine-access';
import { OlvmModuleError } from '../olvm/errors';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';

const NAME = 'check.storage';

function inventoryProblems(inventory: Inventory): CheckProblem[] {
  const problems: CheckProblem[] = [];
  if (!inventory.storage.isReplicated || inventory.storage.replication === undefined) {
    problems.push({
      text: 'the inventory declares no storage replication between the sites (set storage.replication, e.g. synchronous)',
      reason: Procedure.STORAGE,
    });
  }
  for (const role of SITE_ROLES) {
    if (inventory.sites[role].storageDomains.length === 0) {
      problems.push({
        text: `the ${role} site declares no storage domain (sites.${role}.storage_domains)`,
        reason: Procedure.STORAGE,
      });
    }
  }
  return problems;
}

function domainProblem(
  name: string,
  role: string,
  domain: StorageDomain | undefined,
  dataCenter: string
): string | undefined {
  if (domain === undefined) return `storage domain ${name} (${role}) is not attached to data center ${dataCenter}`;
  if (domain.status !== StorageDomainStatus.ACTIVE)
    return `storage domain ${name} (${role}) is ${domain.status ?? 'of unknown status'}, not active`;
  if (domain.type !== undefined && domain.type !== 'data')
    return `storage domain ${name} (${role}) is a ${domain.type} domain, not a data domain`;
  if (domain.externalStatus !== undefined && domain.externalStatus !== 'ok') {
    return `storage domain ${name} (${role}) reports external status ${domain.externalStatus}`;
  }
  if (domain.available !== undefined && domain.available <= 0)
    return `storage domain ${name} (${role}) has no free space`;
  return undefined;
}

async function attachedDomains(ctx: ModuleContext): Promise<StorageDomain[]> {
  const client = await engineOf(ctx);
  const name = ctx.inventory.cluster.dataCenter;
  const dataCenter = await client.dataCenters.findByName(name, { signal: ctx.signal });
  if (dataCenter === undefined) throw new OlvmModuleError(NAME, ctx, `no data center "${name}" in the engine`);
  return client.dataCenters.storageDomains(dataCenter.id).list({ signal: ctx.signal });
}

export const checkStorage: StepModule<Record<string, never>> = {
  name: NAME,
  isReadOnly: true,
  description: 'Storage domains active and writable at both sites, and replication declared in the inventory.',
  schema: { type: 'object', properties: {}, additionalProperties: false },
  async plan(ctx) {
    const problems = inventoryProblems(ctx.inventory);
    const attached = new Map((await attachedDomains(ctx)).map((d) => [d.name, d]));
    const domains = SITE_ROLES.flatMap((role) =>
      ctx.inventory.sites[role].storageDomains.map((name) => {
        const domain = attached.get(name);
        const problem = domainProblem(name, role, domain, ctx.inventory.cluster.dataCenter);
        if (problem !== undefined) problems.push({ text: problem, reason: Procedure.STORAGE });
        return {
          name,
          site: role,
          status: domain?.status ?? 'not attached',
          type: domain?.type ?? null,
          available: domain?.available ?? null,
        };
      })
    );
    for (const d of domains) ctx.output(`${d.name} (${d.site}): ${d.status}`);
    return planNone(verdict(NAME, ctx, problems, { replication: ctx.inventory.storage.replication ?? null, domains }));
  },
  apply() {
    return Promise.resolve({});
  },
};
