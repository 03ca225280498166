/** Data centers, clusters, storage domains, jobs and events (read side, plus attached storage domains). */
import { ApiFault } from '../api-fault';
import { clustersDef, dataCentersDef, eventsDef, jobsDef, storageDomainsDef } from '../resources';
import { ok } from '../request';
import type { Router } from '../router';
import { renderStep } from '../render/jobs-events';
import { collection, entity } from '../values';
import { getResource, listResource } from './read';

export function registerInfrastructureRoutes(router: Router): void {
  router
    .add('GET', 'datacenters', (req) => listResource(dataCentersDef(), req))
    .add('GET', 'datacenters/:id', (req, [id]) => getResource(dataCentersDef(), req, id ?? ''))
    .add('GET', 'datacenters/:id/storagedomains', (req, [id]) => {
      if (req.world.state.dataCenter.id !== id) throw ApiFault.notFound();
      return listResource(storageDomainsDef(req.world, true), req);
    })
    .add('GET', 'datacenters/:id/storagedomains/:sd', (req, [id, sd]) => {
      if (req.world.state.dataCenter.id !== id) throw ApiFault.notFound();
      return getResource(storageDomainsDef(req.world, true), req, sd ?? '');
    })
    .add('GET', 'datacenters/:id/clusters', (req, [id]) => {
      if (req.world.state.dataCenter.id !== id) throw ApiFault.notFound();
      return listResource(clustersDef(req.world), req);
    })
    .add('GET', 'clusters', (req) => listResource(clustersDef(req.world), req))
    .add('GET', 'clusters/:id', (req, [id]) => getResource(clustersDef(req.world), req, id ?? ''))
    .add('GET', 'storagedomains', (req) => listResource(storageDomainsDef(req.world), req))
    .add('GET', 'storagedomains/:id', (req, [id]) => getResource(storageDomainsDef(req.world), req, id ?? ''))
    .add('GET', 'jobs', (req) => listResource(jobsDef(), req))
    .add('GET', 'jobs/:id', (req, [id]) => getResource(jobsDef(), req, id ?? ''))
    .add('GET', 'jobs/:id/steps', (req, [id]) => {
      const job = req.world.state.jobs.find((j) => j.id === id);
      if (job === undefined) throw ApiFault.notFound();
      return ok(collection('steps', 'step', [renderStep(job)]));
    })
    .add('GET', 'events', (req) => listResource(eventsDef(req.world), req))
    .add('GET', 'events/:id', (req, [id]) => getResource(eventsDef(req.world), req, id ?? ''))
    .add('GET', 'users/:id', (_req, [id]) =>
      ok(
        entity('user', {
          href: `/ovirt-engine/api/users/${id ?? ''}`,
          id: id ?? '',
          name: 'admin',
          user_name: 'admin@internal-authz',
          domain_entry_id: 'admin',
        })
      )
    );
}
