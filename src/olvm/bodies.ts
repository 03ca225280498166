/**
 * Request bodies in the engine's documented JSON form (ovirt-api.md §2.1 rule 7 and 9): no root wrapper,
 * booleans and integers as strings, nested lists as `{"hosts":{"host":[…]}}`. Only the fields a caller set are
 * sent: an update is partial (§4.3). Out-of-range values are refused here, before any I/O.
 */
import { registerSecret } from '../shared/redact';
import { OlvmUsageError } from './errors';
import type { AffinityRule, VmPlacement } from './model';
import type { Json } from './scalars';

/** An object named by id or by name. */
export type Selector = { id: string } | { name: string };

export interface PowerManagementPatch {
  isEnabled?: boolean;
  isAutomaticPmEnabled?: boolean;
  isKdumpDetection?: boolean;
}

export interface HostPatch {
  name?: string;
  description?: string;
  comment?: string;
  /** -1..10; -1 means never SPM. */
  spmPriority?: number;
  powerManagement?: PowerManagementPatch;
}

export interface HostSpec extends HostPatch {
  name: string;
  address: string;
  /** Without it the engine puts the host in the cluster named `Default` (§3.3). */
  cluster?: Selector;
  /** Root password for the engine's SSH; omit to use the engine's public key (`sshAuthentication: publickey`). */
  rootPassword?: string;
  sshAuthentication?: 'password' | 'publickey';
  sshPort?: number;
}

export interface VmPatch {
  highAvailability?: { isEnabled?: boolean; priority?: number };
  /** The storage domain for the VM lease; `null` removes the lease. */
  lease?: Selector | null;
  placementPolicy?: { affinity?: VmPlacement; hosts?: Selector[] };
  storageErrorResumeBehaviour?: 'auto_resume' | 'leave_paused' | 'kill';
}

export interface AffinityGroupPatch {
  name?: string;
  description?: string;
  priority?: number;
  vmsRule?: Partial<AffinityRule>;
  hostsRule?: Partial<AffinityRule>;
  /** Replaces the membership (§5.1); use the `vms`/`hosts` sub-collections to add or remove one. */
  vms?: Selector[];
  hosts?: Selector[];
}

export interface AffinityGroupSpec extends AffinityGroupPatch {
  name: string;
}

export function hostPatchBody(patch: HostPatch): Json {
  const body: Json = {};
  setText(body, 'name', patch.name);
  setText(body, 'description', patch.description);
  setText(body, 'comment', patch.comment);
  if (patch.spmPriority !== undefined) {
    body.spm = { priority: String(requireInteger('spm priority', patch.spmPriority, -1, 10)) };
  }
  if (patch.powerManagement) body.power_management = powerManagementBody(patch.powerManagement);
  return body;
}

export function hostSpecBody(spec: HostSpec): Json {
  const body: Json = { ...hostPatchBody(spec), address: spec.address };
  if (spec.cluster) body.cluster = selectorBody(spec.cluster);
  if (spec.rootPassword !== undefined) {
    registerSecret(spec.rootPassword);
    body.root_password = spec.rootPassword;
  }
  if (spec.sshAuthentication !== undefined || spec.sshPort !== undefined) {
    const ssh: Json = {};
    setText(ssh, 'authentication_method', spec.sshAuthentication);
    if (spec.sshPort !== undefined) ssh.port = String(requireInteger('ssh port', spec.sshPort, 1, 65535));
    body.ssh = ssh;
  }
  return body;
}

function powerManagementBody(patch: PowerManagementPatch): Json {
  const body: Json = {};
  setFlag(body, 'enabled', patch.isEnabled);
  setFlag(body, 'automatic_pm_enabled', patch.isAutomaticPmEnabled);
  setFlag(body, 'kdump_detection', patch.isKdumpDetection);
  return body;
}

export function vmPatchBody(patch: VmPatch): Json {
  const body: Json = {};
  if (patch.highAvailability) {
    const ha: Json = {};
    setFlag(ha, 'enabled', patch.highAvailability.isEnabled);
    if (patch.highAvailability.priority !== undefined) {
      ha.priority = String(requireInteger('high availability priority', patch.highAvailability.priority, 0, 100));
    }
    body.high_availability = ha;
  }
  if (patch.lease !== undefined) {
    body.lease = patch.lease === null ? {} : { storage_domain: selectorBody(patch.lease) };
  }
  if (patch.placementPolicy) {
    const placement: Json = {};
    setText(placement, 'affinity', patch.placementPolicy.affinity);
    if (patch.placementPolicy.hosts) placement.hosts = { host: patch.placementPolicy.hosts.map(selectorBody) };
    body.placement_policy = placement;
  }
  setText(body, 'storage_error_resume_behaviour', patch.storageErrorResumeBehaviour);
  return body;
}

export function affinityGroupBody(patch: AffinityGroupPatch): Json {
  const body: Json = {};
  setText(body, 'name', patch.name);
  setText(body, 'description', patch.description);
  if (patch.priority !== undefined) {
    if (!Number.isFinite(patch.priority))
      throw new OlvmUsageError(`affinity group priority ${patch.priority} is not a number`);
    body.priority = patch.priority;
  }
  if (patch.vmsRule) body.vms_rule = ruleBody(patch.vmsRule);
  if (patch.hostsRule) body.hosts_rule = ruleBody(patch.hostsRule);
  if (patch.vms) body.vms = { vm: patch.vms.map(selectorBody) };
  if (patch.hosts) body.hosts = { host: patch.hosts.map(selectorBody) };
  return body;
}

function ruleBody(rule: Partial<AffinityRule>): Json {
  const body: Json = {};
  setFlag(body, 'enabled', rule.isEnabled);
  setFlag(body, 'positive', rule.isPositive);
  setFlag(body, 'enforcing', rule.isEnforcing);
  return body;
}

/** How a (re)install logs in: the root password, or the engine's own SSH key. */
export interface InstallCredentials {
  rootPassword?: string;
  sshAuthentication?: 'password' | 'publickey';
}

export interface ReinstallSpec extends InstallCredentials {
  /** Deploy (true) the hosted-engine HA agent; `isUndeployHostedEngine` removes it. */
  isDeployHostedEngine?: boolean;
  isUndeployHostedEngine?: boolean;
  /** Activate after the install (the engine's default for a reinstall: stay in maintenance). */
  isActivate?: boolean;
}

/**
 * `POST /hosts/{id}/install` (§3.6; MODEL HostService.Install; ENGINE BackendHostResource.install reads
 * `root_password`, `ssh`, `deploy_hosted_engine`, `undeploy_hosted_engine` and `activate` from the action).
 */
export function installBody(spec: ReinstallSpec): Json {
  const body: Json = {};
  if (spec.rootPassword !== undefined) {
    registerSecret(spec.rootPassword);
    body.root_password = spec.rootPassword;
  }
  if (spec.sshAuthentication !== undefined) body.ssh = { authentication_method: spec.sshAuthentication };
  setFlag(body, 'deploy_hosted_engine', spec.isDeployHostedEngine);
  setFlag(body, 'undeploy_hosted_engine', spec.isUndeployHostedEngine);
  setFlag(body, 'activate', spec.isActivate);
  return body;
}

/** `POST /hosts/{id}/deactivate`: the reason shows as the host's status_detail (§3.5). */
export function deactivateBody(reason?: string): Json {
  return reason !== undefined ? { reason } : {};
}

/** `POST /hosts/{id}/fence`; `manual` confirms that a non-responsive host was rebooted (§3.6). */
export function fenceBody(type: 'manual' | 'start' | 'stop' | 'restart' | 'status'): Json {
  return { fence_type: type };
}

/** `POST /vms/{id}/migrate`: to `host`, or wherever the scheduler chooses (§4.4). */
export function migrateBody(options: { host?: Selector; isForce?: boolean }): Json {
  const body: Json = {};
  if (options.host) body.host = selectorBody(options.host);
  setFlag(body, 'force', options.isForce);
  return body;
}

/** `POST /vms/{id}/start`, on `host` when given (the form ANS ovirt_vm sends, §4.4). */
export function startBody(options: { host?: Selector }): Json {
  return options.host ? { vm: { placement_policy: { hosts: { host: [selectorBody(options.host)] } } } } : {};
}

/** `POST /vms/{id}/stop`: power off. */
export function stopBody(options: { reason?: string; isForce?: boolean }): Json {
  const body: Json = {};
  setText(body, 'reason', options.reason);
  setFlag(body, 'force', options.isForce);
  return body;
}

export function selectorBody(selector: Selector): Json {
  return 'id' in selector ? { id: selector.id } : { name: selector.name };
}

function setText(body: Json, key: string, value: string | undefined): void {
  if (value !== undefined) body[key] = value;
}

function setFlag(body: Json, key: string, value: boolean | undefined): void {
  if (value !== undefined) body[key] = String(value);
}

function requireInteger(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OlvmUsageError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}
