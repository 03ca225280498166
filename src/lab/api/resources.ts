/**
 * The top-level collections the lab serves: how to list, find and render each, and its search fields
 * (ENGINE searchbackend *ConditionFieldAutoCompleter; ovirt-api.md §2.2).
 */
import type {
  ClusterRecord,
  DataCenterRecord,
  EventRecord,
  HostRecord,
  JobRecord,
  StorageDomainRecord,
  VmRecord,
} from '../world/model';
import type { World } from '../world/world';
import type { RenderContext } from './render/context';
import { renderHost } from './render/hosts';
import { attachedStatus, renderCluster, renderDataCenter, renderStorageDomain } from './render/infrastructure';
import { renderEvent, renderJob } from './render/jobs-events';
import { renderVm } from './render/vms';
import type { SearchFields } from './search-eval';
import type { NodeObject } from './values';

export interface ResourceDef<T> {
  segment: string;
  type: string;
  plural: string;
  list(world: World): readonly T[];
  find(world: World, id: string): T | undefined;
  render(item: T, ctx: RenderContext): NodeObject;
  fields: SearchFields<T>;
  /** Newest first (events). */
  isReversed?: boolean;
  /** The strictly increasing index `from=` compares with (events). */
  sequence?: (item: T) => number;
}

const SEVERITIES = ['normal', 'warning', 'error', 'alert'];

function dcName(world: World): string {
  return world.state.dataCenter.name;
}

function clusterName(world: World, id: string): string | undefined {
  return world.state.cluster.id === id ? world.state.cluster.name : undefined;
}

export function hostsDef(world: World): ResourceDef<HostRecord> {
  return {
    segment: 'hosts',
    type: 'host',
    plural: 'hosts',
    list: (w) => w.state.hosts,
    find: (w, id) => w.host(id),
    render: renderHost,
    fields: {
      name: { read: (h) => h.name },
      id: { read: (h) => h.id },
      status: { read: (h) => h.status, isEnum: true },
      cluster: { read: (h) => clusterName(world, h.clusterId) },
      datacenter: { read: () => dcName(world) },
      address: { read: (h) => h.address },
      comment: { read: (h) => h.comment },
      description: { read: (h) => h.description },
      spm_id: { read: (h) => (h.spmStatus === 'spm' ? 1 : 0) },
      type: { read: () => 'rhel', isEnum: true },
      memory: { read: (h) => h.memory },
      active_vms: { read: (h) => world.vmsOnHost(h.id).length },
    },
  };
}

export function vmsDef(world: World): ResourceDef<VmRecord> {
  return {
    segment: 'vms',
    type: 'vm',
    plural: 'vms',
    list: (w) => w.state.vms,
    find: (w, id) => w.vm(id),
    render: renderVm,
    fields: {
      name: { read: (v) => v.name },
      id: { read: (v) => v.id },
      status: { read: (v) => v.status, isEnum: true },
      cluster: { read: (v) => clusterName(world, v.clusterId) },
      datacenter: { read: () => dcName(world) },
      host: { read: (v) => (v.status === 'down' ? undefined : world.host(v.hostId)?.name) },
      description: { read: (v) => v.description },
      comment: { read: (v) => v.comment },
      type: { read: () => 'server', isEnum: true },
      memory: { read: (v) => v.memory },
      origin: { read: (v) => v.origin },
      // VmConditionFieldAutoCompleter NEXT_RUN_CONFIG_EXISTS: the vms view's next_run_config_exists column.
      next_run_config_exists: { read: (v) => String(v.nextRun !== undefined), values: ['true', 'false'] },
    },
  };
}

export function clustersDef(world: World): ResourceDef<ClusterRecord> {
  return {
    segment: 'clusters',
    type: 'cluster',
    plural: 'clusters',
    list: (w) => [w.state.cluster],
    find: (w, id) => (w.state.cluster.id === id ? w.state.cluster : undefined),
    render: (c) => renderCluster(c),
    fields: {
      name: { read: (c) => c.name },
      id: { read: (c) => c.id },
      description: { read: (c) => c.description },
      datacenter: { read: () => dcName(world) },
    },
  };
}

export function dataCentersDef(): ResourceDef<DataCenterRecord> {
  return {
    segment: 'datacenters',
    type: 'data_center',
    plural: 'data_centers',
    list: (w) => [w.state.dataCenter],
    find: (w, id) => (w.state.dataCenter.id === id ? w.state.dataCenter : undefined),
    render: (dc) => renderDataCenter(dc),
    fields: {
      name: { read: (dc) => dc.name },
      id: { read: (dc) => dc.id },
      description: { read: (dc) => dc.description },
      status: { read: (dc) => dc.status, isEnum: true },
    },
  };
}

export function storageDomainsDef(world: World, isAttachedView = false): ResourceDef<StorageDomainRecord> {
  const ctx = { world, isAllContent: false };
  return {
    segment: 'storagedomains',
    type: 'storage_domain',
    plural: 'storage_domains',
    list: (w) => w.state.storageDomains,
    find: (w, id) => w.storageDomain(id),
    render: (d, c) => renderStorageDomain(d, c, isAttachedView),
    fields: {
      name: { read: (d) => d.name },
      id: { read: (d) => d.id },
      status: { read: (d) => attachedStatus(d, ctx), isEnum: true },
      datacenter: { read: () => dcName(world) },
      type: { read: () => 'data', isEnum: true },
    },
  };
}

export function jobsDef(): ResourceDef<JobRecord> {
  return {
    segment: 'jobs',
    type: 'job',
    plural: 'jobs',
    list: (w) => w.state.jobs,
    find: (w, id) => w.state.jobs.find((j) => j.id === id),
    render: (j) => renderJob(j),
    fields: { correlation_id: { read: (j) => j.correlationId } },
  };
}

export function eventsDef(world: World): ResourceDef<EventRecord> {
  return {
    segment: 'events',
    type: 'event',
    plural: 'events',
    list: (w) => w.events.list(),
    find: (w, id) => w.events.list().find((e) => String(e.id) === id),
    render: (e) => renderEvent(e, world),
    isReversed: true,
    sequence: (e) => e.id,
    fields: {
      correlation_id: { read: (e) => e.correlationId },
      type: { read: (e) => e.code },
      severity: { read: (e) => e.severity, isEnum: true, order: SEVERITIES },
      message: { read: (e) => e.description },
      time: { read: (e) => e.time },
      event_host: { read: (e) => world.host(e.hostId)?.name },
      event_vm: { read: (e) => world.vm(e.vmId)?.name },
      event_storage: { read: (e) => world.storageDomain(e.storageDomainId)?.name },
      event_datacenter: { read: (e) => (e.dataCenterId !== undefined ? dcName(world) : undefined) },
      origin: { read: () => 'oVirt' },
    },
  };
}
