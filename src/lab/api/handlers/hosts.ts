/** /hosts: list, get, add, update, remove, and the host actions. */
import { fenceHost, FenceType } from '../../world/fencing';
import { activateHost, addHost, removeHost, updateHost } from '../../world/hosts';
import type { AddHostInput, UpdateHostInput } from '../../world/hosts';
import { deactivateHost } from '../../world/maintenance';
import { forceSelectSpm } from '../../world/spm';
import { reinstallHost } from '../../world/reinstall';
import type { HostRecord } from '../../world/model';
import { ApiFault } from '../api-fault';
import type { InputObject } from '../input';
import { asBool, asInt, asObject, asString } from '../input';
import { renderHost } from '../render/hosts';
import { hostsDef } from '../resources';
import type { ApiRequest, ApiResult } from '../request';
import { ok } from '../request';
import type { Router } from '../router';
import type { NodeObject } from '../values';
import { API_BASE, entity } from '../values';
import { runAction, runCommand } from './action';
import { findOr404, getResource, listResource } from './read';

function readSpmPriority(body: InputObject): number | undefined {
  const spm = asObject(body['spm']);
  if (spm === undefined || spm['priority'] === undefined) return undefined;
  const priority = asInt(spm['priority']);
  if (priority === undefined)
    throw ApiFault.badRequest(
      'Invalid value',
      `[Value "${asString(spm['priority']) ?? ''}" of spm.priority is not an integer]`
    );
  return priority;
}

function checkCluster(req: ApiRequest): void {
  const cluster = asObject(req.body['cluster']);
  const { id, name } = {
    id: asString(cluster?.['id']),
    name: asString(cluster?.['name']) ?? (cluster ? undefined : 'Default'),
  };
  const known = req.world.state.cluster;
  if ((id !== undefined && id !== known.id) || (id === undefined && name !== known.name)) {
    throw ApiFault.badRequest('Operation Failed', `[Cannot add Host. Cluster ${id ?? name ?? ''} doesn't exist.]`);
  }
}

function readAddInput(req: ApiRequest): AddHostInput {
  const body = req.body;
  const name = asString(body['name']);
  const address = asString(body['address']);
  if (!name || !address) throw ApiFault.incomplete('Host', ['name', 'address'], 'add');
  checkCluster(req);
  const spmPriority = readSpmPriority(body);
  const pm = asBool(asObject(body['power_management'])?.['enabled']);
  const comment = asString(body['comment']);
  const description = asString(body['description']);
  return {
    name,
    address,
    activate: req.params.get('activate') === null || asBool(req.params.get('activate') ?? 'true') !== false,
    ...(spmPriority !== undefined ? { spmPriority } : {}),
    ...(pm !== undefined ? { isPmEnabled: pm } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

function add(req: ApiRequest): ApiResult {
  const host = runCommand(req, () => addHost(req.world, readAddInput(req)));
  const href = `${API_BASE}/hosts/${host.id}`;
  return { status: 201, rep: entity('host', renderHost(host, req.render)), headers: { Location: href } };
}

function readUpdate(body: InputObject): UpdateHostInput {
  const update: UpdateHostInput = {};
  for (const key of ['name', 'comment', 'description', 'address'] as const) {
    const value = asString(body[key]);
    if (value !== undefined) update[key] = value;
  }
  const spmPriority = readSpmPriority(body);
  if (spmPriority !== undefined) update.spmPriority = spmPriority;
  const pm = asBool(asObject(body['power_management'])?.['enabled']);
  if (pm !== undefined) update.isPmEnabled = pm;
  return update;
}

function host(req: ApiRequest, id: string | undefined): HostRecord {
  return findOr404(req.world.host(id));
}

function readFenceType(body: InputObject): FenceType {
  const type = asString(body['fence_type'])?.toLowerCase();
  if (type === undefined) throw ApiFault.incomplete('Action', ['fenceType'], 'fence');
  if (!(Object.values(FenceType) as string[]).includes(type)) {
    throw ApiFault.badRequest(
      'Invalid value',
      `[${type} is not a member of FenceType. Possible values for FenceType are: ${Object.values(FenceType).join(', ')}]`
    );
  }
  return type as FenceType;
}

export function registerHostRoutes(router: Router): void {
  const act = (name: string, command: (req: ApiRequest, h: HostRecord) => NodeObject | void) =>
    router.add('POST', `hosts/:id/${name}`, (req, [id]) => {
      const target = host(req, id);
      return runAction(req, { type: 'host', path: 'hosts', id: target.id }, () => command(req, target));
    });
  router
    .add('GET', 'hosts', (req) => listResource(hostsDef(req.world), req))
    .add('POST', 'hosts', add)
    .add('GET', 'hosts/:id', (req, [id]) => getResource(hostsDef(req.world), req, id ?? ''))
    .add('PUT', 'hosts/:id', (req, [id]) => {
      const target = host(req, id);
      runCommand(req, () => updateHost(req.world, target, readUpdate(req.body)));
      return ok(entity('host', renderHost(target, req.render)));
    })
    .add('DELETE', 'hosts/:id', (req, [id]) => {
      const target = host(req, id);
      runCommand(req, () => removeHost(req.world, target));
      return ok(entity('action', { status: 'complete' }));
    });
  act('deactivate', (req, h) => deactivateHost(req.world, h, asString(req.body['reason'])));
  act('activate', (req, h) => activateHost(req.world, h));
  act('forceselectspm', (req, h) => forceSelectSpm(req.world, h));
  act('refresh', () => undefined);
  act('install', (req, h) => reinstallHost(req.world, h, asBool(req.body['activate']) ?? true));
  act('fence', (req, h) => {
    const power = fenceHost(req.world, h, readFenceType(req.body));
    return power !== undefined ? { power_management: { status: power } } : undefined;
  });
}
