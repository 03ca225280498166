/**
 * How the engine reaches a machine over SSH to install it, and the interface through which the world asks the
 * machines (the lab's simulated hosts, wired by src/lab/runtime.ts). ENGINE @ 0111fc63036bca662aa6275a8ad16282cccf86bf:
 * - the credentials: `root_password` (or `ssh.user.password`) and `ssh.authentication_method`, default
 *   `password`; the SSH user is `ssh.user.user_name`, default root (restapi types/HostMapper.java
 *   `map(Host, VdsOperationActionParameters)`, common/action/VdsOperationActionParameters.java l.79);
 * - adding a host first connects and authenticates (bll/hostdeploy/AddVdsCommand.java `canConnect`, l.448-491):
 *   a refused login fails the add with VDS_CANNOT_AUTHENTICATE_TO_SERVER, no connection with
 *   VDS_CANNOT_CONNECT_TO_SERVER;
 * - installing with a password first appends the engine's public key to the user's authorized_keys
 *   (bll/hostdeploy/InstallVdsInternalCommand.java `copyEngineSshId`, l.576-613), then host-deploy runs as
 *   an Ansible playbook logging in with the engine's key (`runAnsibleHostDeployPlaybook`).
 */

export const SshAuthMethod = { PASSWORD: 'password', PUBLICKEY: 'publickey' } as const;
export type SshAuthMethod = (typeof SshAuthMethod)[keyof typeof SshAuthMethod];

export interface EngineLogin {
  /** The SSH user (the host's `ssh.user.user_name`, default root). */
  user: string;
  method: SshAuthMethod;
  /** The password given on add or install (password method). */
  password?: string;
}

export const LoginResult = { OK: 'ok', UNREACHABLE: 'unreachable', AUTH_FAILED: 'auth_failed' } as const;
export type LoginResult = (typeof LoginResult)[keyof typeof LoginResult];

/** What host-deploy does besides installing the host: deploy or remove the hosted-engine HA agent. */
export const HostedEngineAction = { DEPLOY: 'deploy', UNDEPLOY: 'undeploy' } as const;
export type HostedEngineAction = (typeof HostedEngineAction)[keyof typeof HostedEngineAction];

export interface DeployRequest {
  user: string;
  hostedEngine?: HostedEngineAction;
}

/** The machines, as the engine reaches them over SSH. */
export interface HostMachines {
  /** Connect and authenticate as the engine would (AddVdsCommand.canConnect). */
  tryLogin(name: string, address: string, login: EngineLogin): LoginResult;
  /** Append the engine's public key to the user's authorized_keys (copyEngineSshId). */
  copyEngineKey(name: string, user: string): void;
  /** Run host-deploy (logging in with the engine's key): 'ok', or why it failed as the engine words it. */
  deploy(name: string, request: DeployRequest): string | Promise<string>;
}

/**
 * An engine lab without simulated machines (engine-only tests): every login succeeds and every deploy works; a
 * machine that is powered off in the world still fails its install (hosts.ts).
 */
export const ENGINE_ONLY_MACHINES: HostMachines = {
  tryLogin: () => LoginResult.OK,
  copyEngineKey: () => undefined,
  deploy: () => 'ok',
};
