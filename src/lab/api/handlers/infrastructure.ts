/** Data centers, clusters, storage domains, jobs and events (read side, plus attached storage domains). */
import { cannot, conflict } from '../../world/refusal';
import { ApiFault } from '../api-fault';
import type { ApiRequest, ApiResult } from '../request';
import { runAction } from './action';
import { clustersDef, dataCentersDef, eventsDef, jobsDef, storageDomainsDef } from '../resources';
import type { Router } from '../router';
import { getResource, listResource } from './read';

/**
 * `clear` and `end` act on external jobs only; the lab's jobs are the engine's own, so both fail validation
 * (ENGINE BLL/ClearExternalJobCommand.java and EndExternalJobCommand.java validate; both name the action Clear).
 */
function refuseJobAction(req: ApiRequest, id: string | undefined): ApiResult {
  const job = req.world.state.jobs.find((j) => j.id === id);
  if (job === undefined) throw ApiFault.notFound();
  return runAction(req, { type: 'job', path: 'jobs', id: job.id }, () => {
    throw conflict(cannot('Clear', 'External Job', 'External steps can be added only to external jobs or steps.'));
  });
}

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
    .add('POST', 'jobs/:id/clear', (req, [id]) => refuseJobAction(req, id))
    .add('POST', 'jobs/:id/end', (req, [id]) => refuseJobAction(req, id))
    .add('GET', 'events', (req) => listResource(eventsDef(req.world), req))
    .add('GET', 'events/:id', (req, [id]) => getResource(eventsDef(req.world), req, id ?? ''));
}
