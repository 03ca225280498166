/** The lab's route table: every endpoint the lab serves below /ovirt-engine/api. */
import { registerAffinityRoutes } from './handlers/affinity';
import { registerHostRoutes } from './handlers/hosts';
import { registerInfrastructureRoutes } from './handlers/infrastructure';
import { registerVmRoutes } from './handlers/vms';
import { ok } from './request';
import { renderRoot } from './render/root';
import { Router } from './router';
import { entity } from './values';

export function buildRouter(): Router {
  const router = new Router();
  router.add('GET', '', (req) => ok(entity('api', renderRoot(req.render))));
  registerInfrastructureRoutes(router);
  registerHostRoutes(router);
  registerVmRoutes(router);
  registerAffinityRoutes(router);
  return router;
}
