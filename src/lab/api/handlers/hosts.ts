/** /hosts: list, get, add, update, remove, and the host actions. */
import { hostsDef } from '../resources';
import type { Router } from '../router';
import { getResource, listResource } from './read';

export function registerHostRoutes(router: Router): void {
  router
    .add('GET', 'hosts', (req) => listResource(hostsDef(req.world), req))
    .add('GET', 'hosts/:id', (req, [id]) => getResource(hostsDef(req.world), req, id ?? ''));
}
