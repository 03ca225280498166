/**
 * The engine reaching a simulated host over SSH to install it, as the host's sshd would answer it: a login with
 * the root password (the lab's host password) or with the engine's key, accepted only when the key is in the
 * user's authorized_keys (authorized-keys.ts); the engine's ssh-copy-id; and host-deploy, with the hosted-engine
 * agent deployed or removed when the engine asks for it.
 */
import { timingSafeEqual } from 'node:crypto';
import { utils } from 'ssh2';
import { OVIRT_RELEASE_PACKAGE } from './catalog';
import {
  HOSTED_ENGINE_CONF,
  removeHostedEngineConfiguration,
  writeHostedEngineConfiguration,
} from './commands/hosted-engine';
import { appendAuthorizedKey, isKeyAuthorized } from './authorized-keys';
import { applyInstall, withDependencies } from './packages';
import { completeHostDeploy } from './preinstall';
import type { EngineDeployRequest, EngineLoginAnswer, EngineLoginRequest, HostState, InstallReadiness } from './types';
import type { LabWorld } from './world';
import { findHostByTarget } from './world';

export type { EngineDeployRequest, EngineLoginAnswer, EngineLoginRequest } from './types';

/** The machine the engine reaches at `address` (or, failing that, the machine named `name`). */
function machineAt(world: LabWorld, name: string, address: string): string | undefined {
  return findHostByTarget(world, address)?.name ?? (world.states[name] !== undefined ? name : undefined);
}

/** The login users a simulated host has: root and the inventory's SSH user. */
function hasUser(world: LabWorld, machine: string, user: string): boolean {
  return user === 'root' || world.inventory.hosts[machine]?.user === user;
}

function isPasswordRight(world: LabWorld, given: string | undefined): boolean {
  const expected = Buffer.from(world.password);
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function isEngineKeyAuthorized(world: LabWorld, state: HostState, user: string): boolean {
  const line = world.hooks.engineSshKey?.();
  if (line === undefined) return false;
  const parsed = utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed)) return false;
  return isKeyAuthorized(state, user, { type: parsed.type, blob: parsed.getPublicSSH() });
}

export function tryEngineLogin(
  world: LabWorld,
  name: string,
  address: string,
  login: EngineLoginRequest
): EngineLoginAnswer {
  const machine = machineAt(world, name, address);
  const state = machine !== undefined ? world.states[machine] : undefined;
  if (machine === undefined || state === undefined || !world.isPoweredOn(machine)) return 'unreachable';
  if (!hasUser(world, machine, login.user)) return 'auth_failed';
  const isAccepted =
    login.method === 'password'
      ? isPasswordRight(world, login.password)
      : isEngineKeyAuthorized(world, state, login.user);
  world.emit({ kind: 'auth', host: machine, user: login.user, method: login.method, isAccepted });
  return isAccepted ? 'ok' : 'auth_failed';
}

export function copyEngineKey(world: LabWorld, name: string, user: string): void {
  const line = world.hooks.engineSshKey?.();
  const state = world.states[name];
  if (line === undefined || state === undefined) return;
  if (!isEngineKeyAuthorized(world, state, user)) appendAuthorizedKey(state, user, line);
  world.markChanged();
}

/** The engine can install a host when it answers SSH and has the oVirt repository (oracle-ovirt-release-el8). */
export function installReadiness(world: LabWorld, name: string, state: HostState): InstallReadiness {
  if (!world.isPoweredOn(name)) return { isReady: false, reason: `${name} does not answer SSH (powered off)` };
  if (state.packages[OVIRT_RELEASE_PACKAGE] === undefined) {
    return { isReady: false, reason: `${name} has no oVirt repository: install ${OVIRT_RELEASE_PACKAGE} on it first` };
  }
  return { isReady: true };
}

/** host-deploy on the machine: 'ok', or why it failed. */
export function deployForEngine(world: LabWorld, name: string, request: EngineDeployRequest): string {
  const state = world.states[name];
  if (state === undefined) return `${name} is not a machine of this lab`;
  const readiness = installReadiness(world, name, state);
  if (!readiness.isReady) return readiness.reason ?? `${name} is not ready`;
  completeHostDeploy(state);
  if (request.hostedEngine === 'deploy') {
    applyInstall(state, withDependencies(state, ['ovirt-hosted-engine-setup']));
    writeHostedEngineConfiguration(state, name, `engine.${world.domain}`);
    state.hostedEngineDeployedAt ??= new Date().toISOString();
  } else if (request.hostedEngine === 'undeploy' && state.files[HOSTED_ENGINE_CONF] !== undefined) {
    removeHostedEngineConfiguration(state);
    delete state.hostedEngineDeployedAt;
  }
  world.markChanged();
  return 'ok';
}
