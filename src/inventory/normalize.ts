/** Turns a valid inventory document (snake_case, defaults implied) into the typed `Inventory`. */
import * as nodePath from 'node:path';
import { parseBytes } from '../shared/bytes';
import { parseDuration } from '../shared/duration';
import type { DocumentProblems } from '../shared/problems';
import { resolveUserPath } from '../shared/paths';
import { resolveGroups } from './groups';
import { normalizeLabKnobs } from './lab-knob-values';
import { findSiteRole, listHostDefinitions, type RawHost, type RawInventory, type RawLab } from './raw';
import { parseSecretRef } from './secrets';
import {
  SITE_ROLES,
  type EngineConfig,
  type HostEntry,
  type Inventory,
  type LabSettings,
  type Site,
  type SiteRole,
  type SshDefaults,
  type StateSettings,
  type VmEntry,
} from './types';

export interface NormalizeOptions {
  /** Absolute path of the inventory file. */
  path: string;
  /** Where the lab keeps its keys and passwords (default `<cwd>/.runbook/lab`). */
  stateDir: string;
}

const LAB_DEFAULTS: LabSettings = { latencyMs: 2, speed: 60, seed: 42 };
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function normalizeInventory(
  raw: RawInventory,
  options: NormalizeOptions,
  problems: DocumentProblems
): Inventory {
  const baseDir = nodePath.dirname(options.path);
  const lab = normalizeLab(raw.lab);
  const ssh = normalizeSsh(raw, baseDir, lab ? options.stateDir : undefined);
  const hosts = normalizeHosts(raw, ssh, baseDir);
  const sites = normalizeSites(raw);
  const engine = normalizeEngine(raw, baseDir, lab ? options.stateDir : undefined);
  const groups = resolveGroups(
    raw.groups ?? {},
    { hostOrder: Object.keys(hosts), sites, engineHost: engine.host },
    problems
  );
  const rtoMs = raw.rto === undefined ? undefined : parseDuration(raw.rto);
  return {
    name: raw.name,
    path: options.path,
    engine,
    cluster: { name: raw.cluster.name, dataCenter: raw.cluster.data_center },
    sites,
    hosts,
    groups,
    vms: (raw.vms ?? []).map((vm) => normalizeVm(vm, raw)),
    storage: {
      ...(raw.storage?.replication !== undefined ? { replication: raw.storage.replication } : {}),
      isReplicated: raw.storage?.replication !== undefined && raw.storage.replication !== 'none',
    },
    ssh,
    vars: raw.vars ?? {},
    ...(rtoMs !== undefined ? { rtoMs } : {}),
    ...(lab ? { lab } : {}),
    state: normalizeState(raw.state, baseDir),
  };
}

function normalizeState(raw: RawInventory['state'], baseDir: string): StateSettings {
  const checkpointMs = raw?.checkpoint === undefined ? undefined : parseDuration(raw.checkpoint);
  const key = raw?.signing_key;
  return {
    backend: raw?.backend ?? 'local',
    ...(raw?.url !== undefined ? { url: parseSecretRef(raw.url, baseDir) } : {}),
    schema: raw?.schema ?? 'runbook',
    ...(key !== undefined ? { signingKey: key === 'agent' ? key : resolveUserPath(key, baseDir) } : {}),
    ...(checkpointMs !== undefined ? { checkpointMs } : {}),
  };
}

function normalizeLab(lab: RawInventory['lab']): LabSettings | undefined {
  if (lab === undefined || lab === false) return undefined;
  const settings: RawLab = lab === true ? {} : lab;
  const knobs = normalizeLabKnobs(settings);
  return {
    latencyMs: settings.latency_ms ?? LAB_DEFAULTS.latencyMs,
    speed: settings.speed ?? LAB_DEFAULTS.speed,
    seed: settings.seed ?? LAB_DEFAULTS.seed,
    ...(settings.subnets ? { subnets: settings.subnets } : {}),
    ...(Object.keys(knobs).length > 0 ? { knobs } : {}),
  };
}

function normalizeSsh(raw: RawInventory, baseDir: string, labStateDir: string | undefined): SshDefaults {
  const ssh = raw.ssh ?? {};
  const keyFile = ssh.key_file ?? (labStateDir ? nodePath.join(labStateDir, 'id_ed25519') : undefined);
  const knownHosts = ssh.known_hosts ?? (labStateDir ? nodePath.join(labStateDir, 'known_hosts') : undefined);
  const timeout = ssh.connect_timeout === undefined ? undefined : parseDuration(ssh.connect_timeout);
  return {
    user: ssh.user ?? 'root',
    ...(keyFile !== undefined ? { keyFile: resolveUserPath(keyFile, baseDir) } : {}),
    ...(ssh.agent !== undefined ? { agent: ssh.agent } : {}),
    ...(knownHosts !== undefined ? { knownHosts: resolveUserPath(knownHosts, baseDir) } : {}),
    hostKeyChecking: ssh.host_key_checking ?? 'strict',
    connectTimeoutMs: timeout ?? DEFAULT_CONNECT_TIMEOUT_MS,
    ...(ssh.jump_host !== undefined ? { jumpHost: ssh.jump_host } : {}),
  };
}

function normalizeHosts(raw: RawInventory, ssh: SshDefaults, baseDir: string): Record<string, HostEntry> {
  const hosts: Record<string, HostEntry> = {};
  for (const definition of listHostDefinitions(raw)) {
    hosts[definition.name] = normalizeHost(definition.name, definition.fields as unknown as RawHost, definition.site, {
      ssh,
      port: raw.ssh?.port ?? 22,
      baseDir,
    });
  }
  return hosts;
}

function normalizeHost(
  name: string,
  host: RawHost,
  site: SiteRole | undefined,
  defaults: { ssh: SshDefaults; port: number; baseDir: string }
): HostEntry {
  const user = host.user ?? defaults.ssh.user;
  const keyFile = host.key_file !== undefined ? resolveUserPath(host.key_file, defaults.baseDir) : defaults.ssh.keyFile;
  const agent = host.agent ?? defaults.ssh.agent;
  return {
    name,
    address: host.address,
    port: host.port ?? defaults.port,
    user,
    auth: {
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(agent !== undefined ? { agent } : {}),
      ...(host.password !== undefined ? { password: parseSecretRef(host.password, defaults.baseDir) } : {}),
    },
    ...(site ? { site } : {}),
    become: host.become ?? user !== 'root',
    ...(host.become_password !== undefined
      ? { becomePassword: parseSecretRef(host.become_password, defaults.baseDir) }
      : {}),
    hostedEngine: host.hosted_engine ?? false,
    vars: host.vars ?? {},
  };
}

function normalizeSites(raw: RawInventory): Record<SiteRole, Site> {
  const entries = SITE_ROLES.map((role): [SiteRole, Site] => {
    const site = raw.sites[role];
    return [
      role,
      {
        role,
        name: site.name ?? role,
        storageDomains: site.storage_domains ?? [],
        hosts: Object.keys(site.hosts),
        vars: site.vars ?? {},
      },
    ];
  });
  return Object.fromEntries(entries) as Record<SiteRole, Site>;
}

function normalizeEngine(raw: RawInventory, baseDir: string, labStateDir: string | undefined): EngineConfig {
  const engine = raw.engine;
  const password =
    engine.password ?? (labStateDir ? `file:${nodePath.join(labStateDir, 'admin-password')}` : undefined);
  return {
    kind: engine.kind,
    ...(engine.host !== undefined ? { host: engine.host } : {}),
    url: engine.url,
    username: engine.username ?? 'admin@internal',
    ...(password !== undefined ? { password: parseSecretRef(password, baseDir) } : {}),
    ...(engine.ca_file !== undefined ? { caFile: resolveUserPath(engine.ca_file, baseDir) } : {}),
    insecure: engine.insecure ?? false,
    ha: engine.ha ?? (engine.kind === 'self-hosted' ? 'hosted-engine' : 'none'),
  };
}

function normalizeVm(vm: NonNullable<RawInventory['vms']>[number], raw: RawInventory): VmEntry {
  const site = findSiteRole(raw, vm.site) as SiteRole;
  const highAvailability = vm.high_availability ?? true;
  const lease = vm.lease ?? (highAvailability ? raw.sites[site].storage_domains?.[0] : undefined);
  return {
    name: vm.name,
    site,
    memory: vm.memory === undefined ? 1024 ** 3 : (parseBytes(vm.memory) as number),
    highAvailability,
    priority: vm.priority ?? 1,
    ...(lease !== undefined ? { lease } : {}),
    vars: vm.vars ?? {},
  };
}
