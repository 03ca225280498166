/**
 * The machines of a preinstalled lab, as the install runbooks would have left them: the oVirt repository
 * everywhere, the engine installed and set up on the engine machine (standalone), every cluster host deployed by
 * the engine (vdsm running, ovirtmgmt bridge), hosted-engine configured on the hosted-engine hosts (self-hosted).
 */
import type { HostEntry, Inventory } from '../../inventory/types';
import { ENGINE_PACKAGE, OVIRT_RELEASE_PACKAGE } from './catalog';
import { configureEngine } from './commands/engine-setup';
import { writeHostedEngineConfiguration } from './commands/hosted-engine';
import { applyInstall, withDependencies } from './packages';
import type { HostState } from './types';

const HOST_DEPLOY_PACKAGES = ['ovirt-host'];
const HOST_DEPLOY_SERVICES = ['vdsmd', 'supervdsmd', 'libvirtd'];

/** What the engine's host-deploy leaves behind: ovirt-host and vdsm installed and running, the ovirtmgmt bridge. */
export function completeHostDeploy(state: HostState): void {
  applyInstall(state, withDependencies(state, HOST_DEPLOY_PACKAGES));
  for (const service of HOST_DEPLOY_SERVICES) {
    const unit = state.services[service];
    if (unit) Object.assign(unit, { isEnabled: true, isActive: true });
  }
  state.hostDeployedAt ??= new Date().toISOString();
}

export function preinstallHost(
  state: HostState,
  entry: HostEntry,
  inventory: Inventory,
  domain: string,
  caCertificate: string | undefined
): void {
  applyInstall(state, withDependencies(state, [OVIRT_RELEASE_PACKAGE]));
  const isSelfHosted = inventory.engine.kind === 'self-hosted';
  if (entry.site === undefined) {
    if (!isSelfHosted && inventory.engine.host === entry.name) {
      applyInstall(state, withDependencies(state, [ENGINE_PACKAGE]));
      configureEngine(state, `${entry.name}.${domain}`, caCertificate);
    }
    return;
  }
  completeHostDeploy(state);
  if (isSelfHosted && entry.hostedEngine) {
    applyInstall(state, withDependencies(state, ['ovirt-hosted-engine-setup']));
    writeHostedEngineConfiguration(state, entry.name, `engine.${domain}`);
    state.hostedEngineDeployedAt ??= new Date().toISOString();
  }
}
