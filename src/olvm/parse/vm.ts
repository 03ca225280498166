/** GET /vms[/{id}] → Vm (ovirt-api.md §4.1). */
import type { Vm, VmPlacement, VmStatus } from '../model';
import {
  optional,
  readActionNames,
  readBoolean,
  readEnum,
  readEpochMs,
  readNumber,
  readObject,
  readRef,
  readRefs,
  readString,
} from '../scalars';
import type { Json } from '../scalars';
import { readIdentity, requireObject } from './common';
import { readOvfNextRun } from './vm-ovf';

export function parseVm(value: unknown): Vm {
  const json = requireObject(value, 'vm');
  const ha = readObject(json, 'high_availability');
  return {
    ...readIdentity(json, 'vm'),
    status: readEnum<VmStatus>(json, 'status') ?? 'unknown',
    ...optional('statusDetail', readString(json, 'status_detail')),
    ...optional('stopReason', readString(json, 'stop_reason')),
    ...optional('host', readRef(json, 'host')),
    ...optional('cluster', readRef(json, 'cluster')),
    highAvailability: {
      isEnabled: readBoolean(ha, 'enabled') ?? false,
      priority: readNumber(ha, 'priority') ?? 0,
    },
    ...optional('lease', parseLease(readObject(json, 'lease'))),
    placementPolicy: parsePlacement(readObject(json, 'placement_policy')),
    ...optional('storageErrorResumeBehaviour', readEnum<string>(json, 'storage_error_resume_behaviour')),
    hasNextRunConfiguration: readBoolean(json, 'next_run_configuration_exists') ?? false,
    ...optional('ovfNextRun', parseOvfNextRun(readObject(readObject(json, 'initialization'), 'configuration'))),
    ...optional('memory', readNumber(json, 'memory')),
    ...optional('cpuCount', parseCpuCount(readObject(readObject(json, 'cpu'), 'topology'))),
    ...optional('origin', readString(json, 'origin')),
    ...optional('type', readString(json, 'type')),
    ...optional('startTime', readEpochMs(json, 'start_time')),
    ...optional('stopTime', readEpochMs(json, 'stop_time')),
    ...optional('creationTime', readEpochMs(json, 'creation_time')),
    actions: readActionNames(json),
  };
}

/** `initialization.configuration` of type `ovf` (all_content=true): the next-run values its OVF carries. */
function parseOvfNextRun(configuration: Json | undefined): Vm['ovfNextRun'] {
  const data = readString(configuration, 'data');
  if (data === undefined || readString(configuration, 'type')?.toLowerCase() !== 'ovf') return undefined;
  return readOvfNextRun(data);
}

/** vCPUs: sockets × cores × threads of `cpu.topology` (MODEL types/CpuTopology.java). */
function parseCpuCount(topology: Json | undefined): number | undefined {
  if (!topology) return undefined;
  const [sockets, cores, threads] = ['sockets', 'cores', 'threads'].map((k) => readNumber(topology, k) ?? 1);
  return (sockets ?? 1) * (cores ?? 1) * (threads ?? 1);
}

/** `"lease": {}` or a lease without a storage domain id means no lease (§4.3). */
function parseLease(json: Json | undefined): Vm['lease'] {
  const storageDomain = readRef(json, 'storage_domain');
  return storageDomain ? { storageDomain } : undefined;
}

function parsePlacement(json: Json | undefined): Vm['placementPolicy'] {
  return {
    ...optional('affinity', readEnum<VmPlacement>(json, 'affinity')),
    hosts: readRefs(json, 'hosts', 'host'),
  };
}
