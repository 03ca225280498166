/**
 * `olvm.host` with `hosted_engine: deploy|undeploy` on a host the engine already has: the hosted-engine HA agent is
 * deployed (or removed) the way the engine does it, by reinstalling the host with `deploy_hosted_engine`
 * (`undeploy_hosted_engine`) (ovirt-api.md §3.6, §9.4; ANS `ovirt_host hosted_engine` + `state: reinstalled`):
 * maintenance first (its VMs migrate away), the reinstall, then activation again if the host was up.
 */
import { HostStatus } from '../../olvm/types';
import type { Host, OlvmClient } from '../../olvm/types';
import type { Change, ModuleContext } from '../types';
import type { WriteLog } from './write';

export const HostedEngineWanted = { DEPLOY: 'deploy', UNDEPLOY: 'undeploy' } as const;
export type HostedEngineWanted = (typeof HostedEngineWanted)[keyof typeof HostedEngineWanted];

export interface ReinstallPlan {
  hostedEngine: HostedEngineWanted;
  /** Activate once reinstalled (the host was up, or `state: active` asks for it). */
  isActivateAfter: boolean;
}

/** Whether the engine shows the hosted-engine agent deployed on the host (`hosted_engine.configured`). */
export async function isHostedEngineDeployed(ctx: ModuleContext, client: OlvmClient, host: Host): Promise<boolean> {
  const full = await client.hosts.get(host.id, { allContent: true, signal: ctx.signal });
  return full.hostedEngine?.isConfigured === true;
}

/** The change a reinstall would make, or undefined when the host is as wanted. */
export function planHostedEngine(
  host: Host,
  isDeployed: boolean,
  wanted: HostedEngineWanted,
  credentials: string
): Change | undefined {
  if ((wanted === HostedEngineWanted.DEPLOY) === isDeployed) return undefined;
  const flag = wanted === HostedEngineWanted.DEPLOY ? 'deploy_hosted_engine' : 'undeploy_hosted_engine';
  const steps = host.status === HostStatus.MAINTENANCE ? 'reinstall' : 'maintenance, reinstall, activate';
  return {
    path: 'hosted_engine',
    from: isDeployed ? 'deployed' : 'not deployed',
    to: wanted === HostedEngineWanted.DEPLOY ? 'deployed' : 'not deployed',
    note: `would reinstall ${host.name} with ${flag} and ${credentials} (${steps})`,
  };
}

export interface ReinstallRun {
  ctx: ModuleContext;
  client: OlvmClient;
  log: WriteLog;
  rootPassword?: string;
  deactivate(hostId: string): Promise<Host>;
  waitFor(hostId: string, target: HostStatus): Promise<Host>;
  activate(hostId: string, initial: string): Promise<Host>;
}

export async function reinstallForHostedEngine(run: ReinstallRun, host: Host, plan: ReinstallPlan): Promise<Host> {
  if (host.status !== HostStatus.MAINTENANCE) await run.deactivate(host.id);
  const isDeploy = plan.hostedEngine === HostedEngineWanted.DEPLOY;
  await run.log.write({
    operation: `reinstall of host ${host.name} with the hosted-engine agent ${isDeploy ? 'deployed' : 'removed'}`,
    send: (correlationId) =>
      run.client.hosts.install(
        host.id,
        {
          ...(run.rootPassword !== undefined ? { rootPassword: run.rootPassword } : { sshAuthentication: 'publickey' }),
          ...(isDeploy ? { isDeployHostedEngine: true } : { isUndeployHostedEngine: true }),
          isActivate: false,
        },
        { correlationId, signal: run.ctx.signal }
      ),
    isApplied: async () =>
      (await run.client.hosts.get(host.id, { signal: run.ctx.signal })).status === HostStatus.INSTALLING,
  });
  const installed = await run.waitFor(host.id, HostStatus.MAINTENANCE);
  return plan.isActivateAfter ? run.activate(host.id, installed.status) : installed;
}
