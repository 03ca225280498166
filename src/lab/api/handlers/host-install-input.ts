/**
 * What an add (`POST /hosts`) or a reinstall (`POST /hosts/{id}/install`) says about installing the host: the
 * SSH login (`root_password`, else `ssh.user.password`; `ssh.authentication_method`, default password; the user
 * `ssh.user.user_name`, default root), the hosted-engine action and `activate`. ENGINE restapi
 * types/HostMapper.java `map(Host|Action, VdsOperationActionParameters)`, resource/HostResourceParametersUtil.java
 * (`deploy_hosted_engine` / `undeploy_hosted_engine` query parameters of an add, present without a value meaning
 * true) and resource/BackendHostResource.java `install` (the action's `deploy_hosted_engine` /
 * `undeploy_hosted_engine`; `activate` defaults to false for a reinstall, "Installation is only done in
 * maintenance mode, and should by default leave the host in maintenance mode") @ 0111fc63036bca662aa6275a8ad16282cccf86bf.
 */
import type { EngineLogin, HostedEngineAction } from '../../world/host-access';
import { HostedEngineAction as HeAction, SshAuthMethod } from '../../world/host-access';
import type { InstallRequest } from '../../world/host-deploy';
import type { InputObject } from '../input';
import { asBool, asObject, asString } from '../input';

const DEFAULT_SSH_USER = 'root';

function readLogin(body: InputObject): EngineLogin {
  const ssh = asObject(body['ssh']);
  const user = asObject(ssh?.['user']);
  const method = asString(ssh?.['authentication_method'])?.toLowerCase();
  const password = asString(body['root_password']) ?? asString(user?.['password']);
  return {
    user: asString(user?.['user_name']) ?? DEFAULT_SSH_USER,
    method: method === SshAuthMethod.PUBLICKEY ? SshAuthMethod.PUBLICKEY : SshAuthMethod.PASSWORD,
    ...(password !== undefined ? { password } : {}),
  };
}

/** A boolean query parameter as the engine reads it: absent = `fallback`, present without a value = true. */
function queryFlag(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = params.get(name);
  if (value === null) return fallback;
  return value === '' || asBool(value) !== false;
}

function hostedEngineOf(deploy: boolean, undeploy: boolean): { hostedEngine?: HostedEngineAction } {
  if (deploy) return { hostedEngine: HeAction.DEPLOY };
  return undeploy ? { hostedEngine: HeAction.UNDEPLOY } : {};
}

export function readAddInstall(body: InputObject, params: URLSearchParams): InstallRequest {
  return {
    login: readLogin(body),
    activate: queryFlag(params, 'activate', true),
    ...hostedEngineOf(
      queryFlag(params, 'deploy_hosted_engine', false),
      queryFlag(params, 'undeploy_hosted_engine', false)
    ),
  };
}

export function readReinstall(body: InputObject, params: URLSearchParams): InstallRequest {
  return {
    login: readLogin(body),
    activate: asBool(body['activate']) ?? queryFlag(params, 'activate', false),
    ...hostedEngineOf(asBool(body['deploy_hosted_engine']) === true, asBool(body['undeploy_hosted_engine']) === true),
  };
}
