/** /clusters/{id}/affinitygroups and their /vms and /hosts sub-collections (no search: list and filter). */
import {
  addAffinityGroup,
  addMember,
  removeAffinityGroup,
  removeMember,
  updateAffinityGroup,
} from '../../world/affinity-groups';
import type { Membership } from '../../world/affinity-groups';
import type { AffinityGroupRecord } from '../../world/model';
import { ApiFault } from '../api-fault';
import { asString } from '../input';
import { affinityGroupPath, renderAffinityGroup } from '../render/affinity';
import { renderHost } from '../render/hosts';
import { renderVm } from '../render/vms';
import type { ApiRequest, ApiResult } from '../request';
import { ok } from '../request';
import type { Router } from '../router';
import { collection, entity } from '../values';
import { runCommand } from './action';
import { readAffinityGroup, resolveVmIds } from './affinity-input';
import { resolveHostIds } from './vm-input';

function group(req: ApiRequest, cid: string | undefined, gid: string | undefined): AffinityGroupRecord {
  if (req.world.state.cluster.id !== cid) throw ApiFault.notFound();
  const found = req.world.state.affinityGroups.find((g) => g.id === gid);
  if (found === undefined) throw ApiFault.notFound();
  return found;
}

function list(req: ApiRequest, cid: string | undefined): ApiResult {
  if (req.world.state.cluster.id !== cid) throw ApiFault.notFound();
  let groups = req.world.state.affinityGroups.map((g) => renderAffinityGroup(g, req.render));
  const max = Number(req.params.get('max') ?? NaN);
  if (Number.isInteger(max) && max >= 0) groups = groups.slice(0, max);
  return ok(collection('affinity_groups', 'affinity_group', groups));
}

function add(req: ApiRequest, cid: string | undefined): ApiResult {
  if (req.world.state.cluster.id !== cid) throw ApiFault.notFound();
  const input = readAffinityGroup(req.world, req.body);
  const name = input.name;
  if (name === undefined || name === '') throw ApiFault.incomplete('AffinityGroup', ['name'], 'add');
  const created = runCommand(req, () => addAffinityGroup(req.world, { ...input, name }));
  const body = renderAffinityGroup(created, req.render);
  return { status: 201, rep: entity('affinity_group', body), headers: { Location: affinityGroupPath(created) } };
}

function addMemberFromBody(req: ApiRequest, g: AffinityGroupRecord, list: Membership): ApiResult {
  if (list === 'vmIds') {
    if (asString(req.body['id']) === undefined) throw ApiFault.incomplete('Vm', ['id'], 'add');
    const [vmId] = resolveVmIds(req.world, [req.body]);
    const vm = req.world.vm(vmId);
    if (vm === undefined || vmId === undefined) throw ApiFault.notFound();
    runCommand(req, () => addMember(req.world, g, list, vmId));
    return { status: 201, rep: entity('vm', renderVm(vm, req.render)) };
  }
  const [hostId] = resolveHostIds(req.world, [req.body], 'edit', 'Affinity Group');
  const host = req.world.host(hostId);
  if (host === undefined || hostId === undefined) throw ApiFault.notFound();
  runCommand(req, () => addMember(req.world, g, list, hostId));
  return { status: 201, rep: entity('host', renderHost(host, req.render)) };
}

function removeMemberById(req: ApiRequest, g: AffinityGroupRecord, list: Membership, idOrName: string): ApiResult {
  const id = list === 'hostIds' ? (req.world.host(idOrName)?.id ?? req.world.hostByName(idOrName)?.id) : idOrName;
  if (id === undefined || !g[list].includes(id)) throw ApiFault.notFound();
  runCommand(req, () => removeMember(req.world, g, list, id));
  return ok(entity('action', { status: 'complete' }));
}

export function registerAffinityRoutes(router: Router): void {
  const base = 'clusters/:cid/affinitygroups';
  router
    .add('GET', base, (req, [cid]) => list(req, cid))
    .add('POST', base, (req, [cid]) => add(req, cid))
    .add('GET', `${base}/:gid`, (req, [cid, gid]) =>
      ok(entity('affinity_group', renderAffinityGroup(group(req, cid, gid), req.render)))
    )
    .add('PUT', `${base}/:gid`, (req, [cid, gid]) => {
      const g = group(req, cid, gid);
      const input = readAffinityGroup(req.world, req.body, g);
      runCommand(req, () => updateAffinityGroup(req.world, g, input));
      return ok(entity('affinity_group', renderAffinityGroup(g, req.render)));
    })
    .add('DELETE', `${base}/:gid`, (req, [cid, gid]) => {
      const g = group(req, cid, gid);
      runCommand(req, () => removeAffinityGroup(req.world, g));
      return ok(entity('action', { status: 'complete' }));
    });
  for (const [segment, list] of [
    ['vms', 'vmIds'],
    ['hosts', 'hostIds'],
  ] as const) {
    router
      .add('POST', `${base}/:gid/${segment}`, (req, [cid, gid]) => addMemberFromBody(req, group(req, cid, gid), list))
      .add('DELETE', `${base}/:gid/${segment}/:mid`, (req, [cid, gid, mid]) =>
        removeMemberById(req, group(req, cid, gid), list, mid ?? '')
      );
  }
}
