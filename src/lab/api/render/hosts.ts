/** Host representation (MODEL types/Host.java; ovirt-api.md §3.1). */
import type { HostRecord } from '../../world/model';
import { VmStatus } from '../../world/model';
import { hostedEngineScore, isHostedEngineAgentActive } from '../../world/hosted-engine-deploy';
import { committedMemory, freeMemory } from '../../world/scheduler';
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

/** MODEL types/HostedEngine.java, as HostMapper maps it; the score is the HA agent's (hosted-engine-deploy.ts). */
function hostedEngine(host: HostRecord, ctx: RenderContext): NodeObject {
  return {
    active: isHostedEngineAgentActive(ctx.world, host),
    configured: true,
    global_maintenance: ctx.world.state.heGlobalMaintenance,
    local_maintenance: host.isLocalMaintenance,
    score: hostedEngineScore(ctx.world, host, committed(ctx)),
  };
}

function committed(ctx: RenderContext): Map<string, number> {
  ctx.committed ??= committedMemory(ctx.world);
  return ctx.committed;
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
    external_status: 'ok',
    ...(host.isHostedEngine && ctx.isAllContent ? { hosted_engine: hostedEngine(host, ctx) } : {}),
    max_scheduling_memory: BigInt(Math.max(0, freeMemory(ctx.world, host, committed(ctx)))),
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
