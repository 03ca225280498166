/** Host representation (MODEL types/Host.java; ovirt-api.md §3.1). */
import type { HostRecord } from '../../world/model';
import { HostStatus, VmStatus } from '../../world/model';
import { MiB } from '../../world/capacity';
import type { MemoryLedger } from '../../world/capacity';
import { memoryLedger } from '../../world/scheduler';
import type { NodeObject } from '../values';
import { subCollectionLinks } from '../links';
import { actions, API_BASE, ref } from '../values';
import type { RenderContext } from './context';
import {
  hasReportedCapabilities,
  hostCertificate,
  hostCpu,
  hostHardware,
  hostOperatingSystem,
  hostSsh,
  hostVersions,
} from './host-facts';

export const HOST_ACTIONS = ['activate', 'deactivate', 'fence', 'forceselectspm', 'install', 'refresh'] as const;
/** The HA agent score: full when the host can run the engine VM, 0 otherwise. */
const HE_FULL_SCORE = 3400;

function hostedEngine(host: HostRecord, ctx: RenderContext): NodeObject {
  const isUp = host.status === HostStatus.UP && ctx.world.isHostReachable(host);
  return {
    active: isUp,
    configured: true,
    global_maintenance: ctx.world.state.heGlobalMaintenance,
    local_maintenance: host.isLocalMaintenance,
    score: isUp && !host.isLocalMaintenance ? HE_FULL_SCORE : 0,
  };
}

function ledger(ctx: RenderContext): MemoryLedger {
  ctx.ledger ??= memoryLedger(ctx.world);
  return ctx.ledger;
}

function summary(host: HostRecord, ctx: RenderContext): NodeObject {
  const vms = ctx.world.vmsOnHost(host.id);
  return {
    active: vms.filter((v) => v.status !== VmStatus.DOWN).length,
    migrating: vms.filter((v) => v.status === VmStatus.MIGRATING).length,
    total: vms.length,
  };
}

export function renderHost(host: HostRecord, ctx: RenderContext): NodeObject {
  const base = `${API_BASE}/hosts/${host.id}`;
  const isReported = hasReportedCapabilities(host);
  return {
    href: base,
    id: host.id,
    actions: actions(base, HOST_ACTIONS),
    name: host.name,
    comment: host.comment,
    link: subCollectionLinks(base, 'host'),
    address: host.address,
    auto_numa_status: isReported ? 'enable' : 'unknown',
    certificate: hostCertificate(host),
    cpu: hostCpu(host),
    device_passthrough: { enabled: false },
    external_status: 'ok',
    hardware_information: hostHardware(host),
    ...(host.isHostedEngine && ctx.isAllContent ? { hosted_engine: hostedEngine(host, ctx) } : {}),
    kdump_status: isReported ? 'disabled' : 'unknown',
    ksm: { enabled: false },
    // HostMapper l.293-295: whole MiB of VDS.getMaxSchedulingMemory, in bytes (capacity.ts).
    max_scheduling_memory: BigInt(ledger(ctx).maxSchedulingMiB(host) * MiB),
    memory: BigInt(host.memory),
    numa_supported: isReported,
    os: hostOperatingSystem(host),
    ovn_configured: true,
    port: 54321,
    power_management: {
      automatic_pm_enabled: true,
      enabled: host.isPmEnabled,
      kdump_detection: true,
      pm_proxies: { pm_proxy: [{ type: 'cluster' }, { type: 'dc' }] },
    },
    protocol: 'stomp',
    reinstallation_required: false,
    se_linux: isReported ? { mode: 'enforcing' } : {},
    spm: { priority: host.spmPriority, status: host.spmStatus },
    ssh: hostSsh(host),
    status: host.status,
    ...(host.statusDetail !== undefined ? { status_detail: host.statusDetail } : {}),
    summary: summary(host, ctx),
    transparent_hugepages: { enabled: true },
    type: 'rhel',
    update_available: false,
    vgpu_placement: 'consolidated',
    ...hostVersions(host),
    cluster: ref('clusters', host.clusterId),
  };
}
