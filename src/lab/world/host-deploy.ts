/**
 * The engine installing a host (add or reinstall): the checks before it starts, the SSH login, copying the
 * engine's key, host-deploy on the machine, the hosted-engine agent deployed or removed, and the outcome.
 * ENGINE @ 0111fc63036bca662aa6275a8ad16282cccf86bf, BLL = backend/manager/modules/bll/src/main/java/org/ovirt/engine/core/bll:
 * - BLL validator/HostValidator.java `passwordNotEmpty` (l.131-134) and validator/UpdateHostValidator.java
 *   `passwordProvidedForHostInstallation` (l.88-94): VDS_CANNOT_INSTALL_EMPTY_PASSWORD (BAD_PARAMETERS);
 * - BLL validator/HostValidator.java `supportsDeployingHostedEngine` (l.169-184): deploy_hosted_engine without a
 *   managed hosted-engine VM is ACTION_TYPE_FAILED_UNMANAGED_HOSTED_ENGINE (CONFLICT);
 * - BLL hostdeploy/AddVdsCommand.java `canConnect` (l.448-492): VDS_CANNOT_AUTHENTICATE_TO_SERVER /
 *   VDS_CANNOT_CONNECT_TO_SERVER (CONFLICT), texts in frontend/.../AppErrors.properties l.1420-1422;
 * - BLL hostdeploy/InstallVdsInternalCommand.java: `copyEngineSshId` first for a password (l.576-617, its
 *   failure "ssh-copy-id command failed: …" with the message of uutils/ssh/SSHClient.java `authenticate`,
 *   l.319-326), then the host-deploy playbook with the engine's key (l.233-377: "Failed to execute Ansible
 *   host-deploy: …"); the failure is event 505 VDS_INSTALL_FAILED "Host ${VdsName} installation failed.
 *   ${FailedInstallMessage}." (AuditLogMessages.properties l.411).
 */
import { bringHostUp, enterMaintenance, setHostStatus } from './host-status';
import { logEvent } from './audit-log';
import type { EngineLogin, HostedEngineAction } from './host-access';
import { HostedEngineAction as HeAction, LoginResult, SshAuthMethod } from './host-access';
import { isHostedEngineManaged } from './hosted-engine-deploy';
import { Messages } from './messages';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { badParameters, conflict } from './refusal';
import { TaskKind } from './task-kinds';
import type { TaskPayload, World } from './world';

export interface InstallRequest {
  login: EngineLogin;
  hostedEngine?: HostedEngineAction;
  activate: boolean;
}

/** The validation an add (`add`) or reinstall (`update`) does before anything starts. */
export function validateInstall(world: World, request: InstallRequest, action: 'add' | 'update'): void {
  const { login } = request;
  if (login.method === SshAuthMethod.PASSWORD && !login.password) throw badParameters(Messages.emptyPassword());
  if (request.hostedEngine === HeAction.DEPLOY && !isHostedEngineManaged(world))
    throw conflict(Messages.unmanagedHostedEngine(action));
}

/** AddVdsCommand.canConnect: the engine logs in to the machine before it accepts the add. */
export function checkLogin(world: World, name: string, address: string, login: EngineLogin): void {
  const result = world.machines.tryLogin(name, address, login);
  if (result === LoginResult.AUTH_FAILED) throw conflict(Messages.sshAuthFailed('add'));
  if (result === LoginResult.UNREACHABLE) throw conflict(Messages.sshConnectFailed('add'));
}

/** Start host-deploy: with a password, the engine's key is copied first (a refused login fails the install). */
export function startInstall(world: World, host: HostRecord, request: InstallRequest): void {
  const { login } = request;
  const payload: TaskPayload = { hostId: host.id, activate: request.activate, user: login.user };
  if (request.hostedEngine !== undefined) payload['hostedEngine'] = request.hostedEngine;
  if (login.method === SshAuthMethod.PASSWORD) {
    const result = world.machines.tryLogin(host.name, host.address, login);
    if (result === LoginResult.OK) world.machines.copyEngineKey(host.name, login.user);
    else payload['failure'] = `ssh-copy-id command failed: ${passwordLoginFailure(host, login.user, result)}`;
  }
  world.schedule(world.knobs.hostInstall, TaskKind.HOST_INSTALL_DONE, payload);
}

/** uutils/ssh/SSHClient.java `connect`/`authenticate` failures for a password login (l.254-260, l.319-326). */
function passwordLoginFailure(host: HostRecord, user: string, result: LoginResult): string {
  const display = `${user}@${host.address}`;
  if (result === LoginResult.UNREACHABLE) return `SSH connection timed out connecting to '${display}'`;
  return `SSH authentication to '${display}' failed. Please verify provided credentials. Make sure host is configured for password authentication`;
}

/** Task: host-deploy ran; its outcome decides the host's status. */
export function finishInstall(world: World, payload: TaskPayload): void {
  const host = world.host(String(payload['hostId']));
  if (host === undefined || host.status !== HostStatus.INSTALLING) return;
  const activate = payload['activate'] !== false;
  if (typeof payload['failure'] === 'string') return failInstall(world, host, payload['failure']);
  if (!world.isHostReachable(host)) return failInstall(world, host, 'Failed to establish SSH session to the host');
  const user = String(payload['user'] ?? 'root');
  const byKey = world.machines.tryLogin(host.name, host.address, { user, method: SshAuthMethod.PUBLICKEY });
  if (byKey !== LoginResult.OK) return failInstall(world, host, playbookFailure(host, user, byKey));
  const hostedEngine = payload['hostedEngine'] as HostedEngineAction | undefined;
  const verdict = world.machines.deploy(host.name, { user, ...(hostedEngine ? { hostedEngine } : {}) });
  const correlationId = world.correlationId;
  const apply = (answer: string) =>
    world.withCorrelation(correlationId, () => applyVerdict(world, host, answer, { activate, hostedEngine }));
  if (typeof verdict === 'string') return apply(verdict);
  void verdict.then(apply, (error: unknown) => apply(String(error)));
}

/**
 * How the engine words a host-deploy playbook that could not log in: its own frame around Ansible's UNREACHABLE
 * message (the Ansible and OpenSSH wording is [INFERRED]: ansible's ssh connection plugin, not the engine's code).
 */
function playbookFailure(host: HostRecord, user: string, result: LoginResult): string {
  const log = `/var/log/ovirt-engine/host-deploy/ovirt-host-deploy-ansible-${host.address}.log`;
  const ssh =
    result === LoginResult.UNREACHABLE
      ? `ssh: connect to host ${host.address} port 22: Connection timed out`
      : `${user}@${host.address}: Permission denied (publickey,password)`;
  return `Failed to execute Ansible host-deploy: Failed to connect to the host via ssh: ${ssh}. Please check logs for more details: ${log}`;
}

function applyVerdict(
  world: World,
  host: HostRecord,
  verdict: string,
  options: { activate: boolean; hostedEngine: HostedEngineAction | undefined }
): void {
  if (host.status !== HostStatus.INSTALLING) return;
  if (verdict !== 'ok') return failInstall(world, host, verdict);
  if (options.hostedEngine === HeAction.DEPLOY) host.isHostedEngine = true;
  if (options.hostedEngine === HeAction.UNDEPLOY)
    Object.assign(host, { isHostedEngine: false, isLocalMaintenance: false });
  logEvent(world, 'VDS_ANSIBLE_INSTALL_FINISHED', { host });
  logEvent(world, 'VDS_INSTALL', { host });
  if (!options.activate) enterMaintenance(world, host);
  else {
    setHostStatus(world, host, HostStatus.INITIALIZING);
    world.schedule(world.knobs.hostInitializing, TaskKind.HOST_INITIALIZED, { hostId: host.id });
  }
  world.settle();
}

function failInstall(world: World, host: HostRecord, reason: string): void {
  setHostStatus(world, host, HostStatus.INSTALL_FAILED);
  logEvent(world, 'VDS_INSTALL_FAILED', { host, values: { FailedInstallMessage: reason } });
  world.settle();
}

/** Task: initializing/unassigned finished; up if the host answers, else the loss detection takes over. */
export function finishInitializing(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined) return;
  if (host.status !== HostStatus.INITIALIZING && host.status !== HostStatus.UNASSIGNED) return;
  if (world.isHostReachable(host)) bringHostUp(world, host);
  else world.schedule(world.knobs.hostRefresh, TaskKind.HOST_CONNECTING, { hostId: host.id });
}
