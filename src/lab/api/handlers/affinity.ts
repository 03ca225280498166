/** /clusters/{id}/affinitygroups and their /vms and /hosts sub-collections. */
import { ApiFault } from '../api-fault';
import { renderAffinityGroup } from '../render/affinity';
import type { ApiRequest } from '../request';
import { ok } from '../request';
import type { Router } from '../router';
import { collection, entity } from '../values';

function checkCluster(req: ApiRequest, clusterId: string | undefined): void {
  if (req.world.state.cluster.id !== clusterId) throw ApiFault.notFound();
}

export function registerAffinityRoutes(router: Router): void {
  router
    .add('GET', 'clusters/:cid/affinitygroups', (req, [cid]) => {
      checkCluster(req, cid);
      const groups = req.world.state.affinityGroups.map((g) => renderAffinityGroup(g, req.render));
      return ok(collection('affinity_groups', 'affinity_group', groups));
    })
    .add('GET', 'clusters/:cid/affinitygroups/:gid', (req, [cid, gid]) => {
      checkCluster(req, cid);
      const group = req.world.state.affinityGroups.find((g) => g.id === gid);
      if (group === undefined) throw ApiFault.notFound();
      return ok(entity('affinity_group', renderAffinityGroup(group, req.render)));
    });
}
