/** Reads a VM update body (PUT /vms/{id}) into the world's update, resolving names and checking enums. */
import { Messages } from '../../world/messages';
import type { PlacementAffinity, ResumeBehaviour } from '../../world/model';
import { PlacementAffinity as Affinities, ResumeBehaviour as Behaviours } from '../../world/model';
import { badParameters } from '../../world/refusal';
import type { VmUpdate } from '../../world/vm-update';
import type { World } from '../../world/world';
import { ApiFault } from '../api-fault';
import type { InputObject } from '../input';
import { asBool, asInt, asList, asObject, asString } from '../input';

export function readEnum<T extends string>(
  value: string | undefined,
  allowed: Record<string, T>,
  type: string
): T | undefined {
  if (value === undefined) return undefined;
  const values = Object.values(allowed);
  const match = values.find((v) => v === value.toLowerCase());
  if (match === undefined) {
    throw ApiFault.badRequest(
      'Invalid value',
      `[${value} is not a member of ${type}. Possible values for ${type} are: ${values.join(', ')}]`
    );
  }
  return match;
}

/** Resolve `{id}` or `{name}` references to host ids. */
export function resolveHostIds(world: World, refs: InputObject[], action: string, type: string): string[] {
  return refs.map((item) => {
    const id = asString(item['id']);
    const name = asString(item['name']);
    const host = id !== undefined ? world.host(id) : name !== undefined ? world.hostByName(name) : undefined;
    if (host === undefined) throw badParameters(Messages.hostMissing(action, type, id ?? name ?? ''));
    return host.id;
  });
}

function readLease(world: World, body: InputObject): string | null | undefined {
  if (!('lease' in body && body['lease'] !== undefined)) return undefined;
  const domainRef = asObject(asObject(body['lease'])?.['storage_domain']);
  const id = asString(domainRef?.['id']);
  const name = asString(domainRef?.['name']);
  if (id === undefined && name === undefined) return null;
  const domain = id !== undefined ? world.storageDomain(id) : world.storageDomainByName(name ?? '');
  if (domain === undefined) throw badParameters(Messages.storageDomainMissing('edit', 'VM'));
  return domain.id;
}

function readHa(body: InputObject, update: VmUpdate): void {
  const ha = asObject(body['high_availability']);
  if (ha === undefined) return;
  const enabled = asBool(ha['enabled']);
  const priority = asInt(ha['priority']);
  if (enabled !== undefined) update.haEnabled = enabled;
  if (priority !== undefined) update.haPriority = priority;
}

function readPlacement(world: World, body: InputObject, update: VmUpdate): void {
  const placement = asObject(body['placement_policy']);
  if (placement === undefined) return;
  const affinity: PlacementAffinity | undefined = readEnum(asString(placement['affinity']), Affinities, 'VmAffinity');
  if (affinity !== undefined) update.placementAffinity = affinity;
  if (placement['hosts'] !== undefined) {
    update.placementHostIds = resolveHostIds(world, asList(placement['hosts'], 'host'), 'edit', 'VM');
  }
}

export function readVmUpdate(world: World, body: InputObject, isNextRun: boolean): VmUpdate {
  const update: VmUpdate = { isNextRun };
  for (const key of ['name', 'description', 'comment'] as const) {
    const value = asString(body[key]);
    if (value !== undefined) update[key] = value;
  }
  const memory = asInt(body['memory']);
  if (memory !== undefined) update.memory = memory;
  readHa(body, update);
  const lease = readLease(world, body);
  if (lease !== undefined) update.leaseStorageDomainId = lease;
  readPlacement(world, body, update);
  const resume: ResumeBehaviour | undefined = readEnum(
    asString(body['storage_error_resume_behaviour']),
    Behaviours,
    'VmStorageErrorResumeBehaviour'
  );
  if (resume !== undefined) update.resumeBehaviour = resume;
  return update;
}
