/** /vms: list, get (and the next-run configuration), update, and the VM actions. */
import type { VmRecord } from '../../world/model';
import { rebootVm, setVmTicket } from '../../world/vm-console';
import { updateVm } from '../../world/vm-update';
import { cancelMigration, migrateVm, setGlobalMaintenance, shutdownVm, startVm, stopVm } from '../../world/vms';
import type { InputObject } from '../input';
import { asBool, asInt, asList, asObject, asString } from '../input';
import { renderVm, renderVmNextRun } from '../render/vms';
import { vmsDef } from '../resources';
import type { ApiRequest } from '../request';
import { isFlagSet, ok } from '../request';
import type { Router } from '../router';
import type { NodeObject } from '../values';
import { entity } from '../values';
import { runAction, runCommand } from './action';
import { findOr404, listResource } from './read';
import { readVmUpdate, resolveHostIds } from './vm-input';

function vm(req: ApiRequest, id: string | undefined): VmRecord {
  return findOr404(req.world.vm(id));
}

function startHosts(req: ApiRequest, body: InputObject): string[] | undefined {
  const placement = asObject(asObject(body['vm'])?.['placement_policy']);
  const hosts = asList(placement?.['hosts'], 'host');
  return hosts.length > 0 ? resolveHostIds(req.world, hosts, 'run', 'VM') : undefined;
}

function migrateTarget(req: ApiRequest, body: InputObject): string | undefined {
  const target = asObject(body['host']);
  if (target === undefined || (target['id'] === undefined && target['name'] === undefined)) return undefined;
  return resolveHostIds(req.world, [target], 'migrate', 'VM')[0];
}

function readTicket(body: InputObject): { value?: string; expiry?: number } {
  const ticket = asObject(body['ticket']);
  const value = asString(ticket?.['value']);
  const expiry = asInt(ticket?.['expiry']);
  return { ...(value !== undefined ? { value } : {}), ...(expiry !== undefined ? { expiry } : {}) };
}

export function registerVmRoutes(router: Router): void {
  const act = (name: string, command: (req: ApiRequest, v: VmRecord) => NodeObject | void) =>
    router.add('POST', `vms/:id/${name}`, (req, [id]) => {
      const target = vm(req, id);
      return runAction(req, { type: 'vm', path: 'vms', id: target.id }, () => command(req, target));
    });
  router
    .add('GET', 'vms', (req) => listResource(vmsDef(req.world), req))
    .add('GET', 'vms/:id', (req, [id]) => {
      const target = vm(req, id);
      const render = isFlagSet(req.params, 'next_run') ? renderVmNextRun : renderVm;
      return ok(entity('vm', render(target, req.render)));
    })
    .add('PUT', 'vms/:id', (req, [id]) => {
      const target = vm(req, id);
      const update = readVmUpdate(req.world, req.body, isFlagSet(req.params, 'next_run'));
      runCommand(req, () => updateVm(req.world, target, update));
      return ok(entity('vm', renderVm(target, req.render)));
    });
  act('start', (req, v) => startVm(req.world, v, startHosts(req, req.body)));
  act('stop', (req, v) => stopVm(req.world, v, asString(req.body['reason'])));
  act('shutdown', (req, v) => shutdownVm(req.world, v, asString(req.body['reason'])));
  act('migrate', (req, v) => {
    const hostId = migrateTarget(req, req.body);
    migrateVm(req.world, v, {
      ...(hostId !== undefined ? { hostId } : {}),
      isForced: asBool(req.body['force']) ?? false,
    });
  });
  act('cancelmigration', (req, v) => cancelMigration(req.world, v));
  act('reboot', (req, v) => rebootVm(req.world, v));
  act('ticket', (req, v) => ({ ticket: { ...setVmTicket(req.world, v, readTicket(req.body)) } }));
  act('maintenance', (req, v) => setGlobalMaintenance(req.world, v, asBool(req.body['maintenance_enabled']) ?? false));
}
