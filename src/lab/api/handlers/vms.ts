/** /vms: list, get, update, and the VM actions. */
import { vmsDef } from '../resources';
import type { Router } from '../router';
import { getResource, listResource } from './read';

export function registerVmRoutes(router: Router): void {
  router
    .add('GET', 'vms', (req) => listResource(vmsDef(req.world), req))
    .add('GET', 'vms/:id', (req, [id]) => getResource(vmsDef(req.world), req, id ?? ''));
}
