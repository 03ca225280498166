/** The lab's route table: every endpoint the lab serves below /ovirt-engine/api. */
import { registerAffinityRoutes } from './handlers/affinity';
import { CATALOG, catalogDef, registerCatalogRoutes } from './handlers/catalog';
import { registerHostRoutes } from './handlers/hosts';
import { registerInfrastructureRoutes } from './handlers/infrastructure';
import type { ParentCheck } from './handlers/subcollections';
import { registerSubCollections } from './handlers/subcollections';
import { SUB_PROVIDERS } from './handlers/sub-providers';
import { registerVmRoutes } from './handlers/vms';
import type { LinkKind } from './links';
import { ok } from './request';
import { renderRoot } from './render/root';
import { Router } from './router';
import { entity } from './values';

function catalogHas(segment: string): ParentCheck {
  const entry = CATALOG.find((e) => e.segment === segment);
  if (entry === undefined) throw new Error(`no catalog collection ${segment}`);
  const def = catalogDef(entry);
  return (req, [id]) => def.find(req.world, id ?? '') !== undefined;
}

/** A member of a filled sub-collection exists when its provider lists it. */
function memberOf(providerKey: string): ParentCheck {
  return (req, params) => {
    const member = params[params.length - 1];
    return (SUB_PROVIDERS[providerKey]?.(req, params.slice(0, -1)) ?? []).some((m) => m['id'] === member);
  };
}

/** Where each kind of representation lives, and how to tell that the one a path names exists. */
const PARENTS: readonly (readonly [string, LinkKind, ParentCheck])[] = [
  ['hosts/:id', 'host', (req, [id]) => req.world.host(id) !== undefined],
  ['hosts/:hid/numanodes/:id', 'numa_node', memberOf('host.numanodes')],
  ['vms/:id', 'vm', (req, [id]) => req.world.vm(id) !== undefined],
  ['clusters/:id', 'cluster', (req, [id]) => req.world.state.cluster.id === id],
  ['clusters/:cid/cpuprofiles/:id', 'cpu_profile', memberOf('cluster.cpuprofiles')],
  [
    'clusters/:cid/affinitygroups/:id',
    'affinity_group',
    (req, [cid, id]) => req.world.state.cluster.id === cid && req.world.state.affinityGroups.some((g) => g.id === id),
  ],
  ['datacenters/:id', 'data_center', (req, [id]) => req.world.state.dataCenter.id === id],
  [
    'datacenters/:dc/storagedomains/:id',
    'attached_storage_domain',
    (req, [dc, id]) => req.world.state.dataCenter.id === dc && req.world.storageDomain(id) !== undefined,
  ],
  ['storagedomains/:id', 'storage_domain', (req, [id]) => req.world.storageDomain(id) !== undefined],
  ['storagedomains/:sd/diskprofiles/:id', 'disk_profile', memberOf('storage_domain.diskprofiles')],
  ['jobs/:id', 'job', (req, [id]) => req.world.state.jobs.some((j) => j.id === id)],
  ['jobs/:jid/steps/:id', 'step', memberOf('job.steps')],
  ['templates/:id', 'template', catalogHas('templates')],
  ['users/:id', 'user', catalogHas('users')],
  ['domains/:id', 'domain', catalogHas('domains')],
  ['roles/:id', 'role', catalogHas('roles')],
  ['macpools/:id', 'mac_pool', catalogHas('macpools')],
  ['cpuprofiles/:id', 'cpu_profile', catalogHas('cpuprofiles')],
  ['diskprofiles/:id', 'disk_profile', catalogHas('diskprofiles')],
  ['schedulingpolicies/:id', 'scheduling_policy', catalogHas('schedulingpolicies')],
  ['clusterlevels/:id', 'cluster_level', catalogHas('clusterlevels')],
];

export function buildRouter(): Router {
  const router = new Router();
  router.add('GET', '', (req) => ok(entity('api', renderRoot(req.render))));
  registerInfrastructureRoutes(router);
  registerHostRoutes(router);
  registerVmRoutes(router);
  registerAffinityRoutes(router);
  registerCatalogRoutes(router);
  for (const [pattern, kind, exists] of PARENTS) registerSubCollections(router, pattern, kind, exists);
  return router;
}
