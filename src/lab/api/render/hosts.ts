/** Host representation (MODEL types/Host.java; ovirt-api.md §3.1). */
import type { HostRecord } from '../../world/model';
import { HostStatus, VmStatus } from '../../world/model';
import { DEFAULT_HOST_CPU, MiB } from '../../world/capacity';
import type { MemoryLedger } from '../../world/capacity';
import { memoryLedger } from '../../world/scheduler';
import type { NodeObject } from '../values';
import { actions, API_BASE, links, ref } from '../values';
import type { RenderContext } from './context';

export const HOST_ACTIONS = ['activate', 'deactivate', 'fence', 'forceselectspm', 'install', 'refresh'] as const;
const HOST_LINKS = [
  'affinitylabels',
  'fenceagents',
  'nics',
  'networkattachments',
  'permissions',
  'statistics',
  'storage',
  'tags',
];

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

/** HostMapper l.264-283: sockets, cores per socket, threads per core. */
function cpu(host: HostRecord): NodeObject {
  const topology = host.cpu ?? DEFAULT_HOST_CPU;
  return {
    name: 'Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz',
    speed: 2100,
    topology: { cores: topology.coresPerSocket, sockets: topology.sockets, threads: topology.threadsPerCore },
    type: 'Intel Cascadelake Server Family',
  };
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
  return {
    href: base,
    id: host.id,
    actions: actions(base, HOST_ACTIONS),
    name: host.name,
    description: host.description,
    comment: host.comment,
    link: links(base, HOST_LINKS),
    address: host.address,
    cpu: cpu(host),
    external_status: 'ok',
    ...(host.isHostedEngine && ctx.isAllContent ? { hosted_engine: hostedEngine(host, ctx) } : {}),
    // HostMapper l.293-295: whole MiB of VDS.getMaxSchedulingMemory, in bytes.
    max_scheduling_memory: BigInt(ledger(ctx).maxSchedulingMiB(host) * MiB),
    memory: BigInt(host.memory),
    port: 54321,
    power_management: { automatic_pm_enabled: true, enabled: host.isPmEnabled, kdump_detection: true },
    protocol: 'stomp',
    spm: { priority: host.spmPriority, status: host.spmStatus },
    ssh: { port: host.sshPort, user: { user_name: 'root' } },
    status: host.status,
    ...(host.statusDetail !== undefined ? { status_detail: host.statusDetail } : {}),
    summary: summary(host, ctx),
    type: 'rhel',
    update_available: false,
    cluster: ref('clusters', host.clusterId),
  };
}
