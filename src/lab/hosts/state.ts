/**
 * The hosts' persistent state: a fresh Oracle Linux 8.10 host per inventory host, and `<stateDir>/hosts.json`
 * that keeps packages, services and files across lab restarts (so an install and a later drill see one world).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { HostEntry, Inventory } from '../../inventory/types';
import { PACKAGES, type PackageSpec } from './catalog';
import { LabHostsError, LabHostsErrorCode } from './errors';
import { makeDirectory, ROOT_UID, writeFileAt } from './filesystem';
import type { HostState } from './types';

const STATE_VERSION = 1;
const BASE_DIRECTORIES = [
  '/',
  '/etc',
  '/etc/ssh',
  '/etc/yum.repos.d',
  '/root',
  '/tmp',
  '/var',
  '/var/tmp',
  '/var/log',
  '/usr',
  '/usr/bin',
  '/usr/sbin',
  '/home',
  '/run',
  '/opt',
];

export const OS_RELEASE = `NAME="Oracle Linux Server"
VERSION="8.10"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="8.10"
PLATFORM_ID="platform:el8"
PRETTY_NAME="Oracle Linux Server 8.10"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:8:10:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"

ORACLE_BUGZILLA_PRODUCT="Oracle Linux 8"
ORACLE_BUGZILLA_PRODUCT_VERSION=8.10
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=8.10
`;

export function hostsStatePath(stateDir: string): string {
  return join(stateDir, 'hosts.json');
}

/** The lab's DNS domain: the engine URL's domain when it has one, else lab.test. */
export function labDomain(inventory: Inventory): string {
  const hostname = safeHostname(inventory.engine.url);
  const dot = hostname.indexOf('.');
  return dot > 0 && !/^[\d.]+$/.test(hostname) ? hostname.slice(dot + 1) : 'lab.test';
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export function createHostState(inventory: Inventory, host: HostEntry): HostState {
  const state: HostState = { packages: {}, services: {}, files: {}, directories: [] };
  for (const dir of BASE_DIRECTORIES) makeDirectory(state, dir, { uid: ROOT_UID, isRecursive: true });
  if (host.user !== 'root') makeDirectory(state, `/home/${host.user}`, { uid: ROOT_UID, isRecursive: true });
  for (const [name, spec] of Object.entries(PACKAGES)) if (spec.isPreinstalled) installPackageFiles(state, name, spec);
  const domain = labDomain(inventory);
  const write = (path: string, text: string): void => writeFileAt(state, path, Buffer.from(text), { uid: ROOT_UID });
  write('/etc/os-release', OS_RELEASE);
  write('/etc/oracle-release', 'Oracle Linux Server release 8.10\n');
  write('/etc/redhat-release', 'Red Hat Enterprise Linux release 8.10 (Ootpa)\n');
  write('/etc/hostname', `${host.name}.${domain}\n`);
  write('/etc/machine-id', createHash('sha256').update(host.name).digest('hex').slice(0, 32) + '\n');
  write('/etc/hosts', renderEtcHosts(inventory, domain));
  return state;
}

function renderEtcHosts(inventory: Inventory, domain: string): string {
  const lines = [
    '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4',
    '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6',
  ];
  for (const host of Object.values(inventory.hosts)) lines.push(`${host.address} ${host.name}.${domain} ${host.name}`);
  return lines.join('\n') + '\n';
}

/** Records a package, its services (in their post-install state) and its files. */
export function installPackageFiles(state: HostState, name: string, spec: PackageSpec): void {
  state.packages[name] = spec.evra;
  for (const [service, serviceSpec] of Object.entries(spec.services ?? {})) {
    state.services[service] ??= { isEnabled: serviceSpec.isEnabledOnInstall, isActive: serviceSpec.isActiveOnInstall };
  }
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    makeDirectory(state, posix.dirname(path), { uid: ROOT_UID, isRecursive: true });
    writeFileAt(state, path, Buffer.from(content), { uid: ROOT_UID });
  }
}

export function removePackageFiles(state: HostState, name: string, spec: PackageSpec): void {
  delete state.packages[name];
  for (const service of Object.keys(spec.services ?? {})) delete state.services[service];
  for (const path of Object.keys(spec.files ?? {})) delete state.files[path];
}

interface StateFile {
  version: number;
  hosts: Record<string, HostState>;
}

/** Loads hosts.json; inventory hosts it does not know start fresh; hosts no longer in the inventory are dropped. */
export async function loadHostStates(stateDir: string, inventory: Inventory): Promise<Record<string, HostState>> {
  const saved = await readStateFile(hostsStatePath(stateDir));
  const states: Record<string, HostState> = {};
  for (const host of Object.values(inventory.hosts)) {
    states[host.name] = saved?.hosts[host.name] ?? createHostState(inventory, host);
  }
  return states;
}

async function readStateFile(path: string): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as StateFile;
    if (parsed.version !== STATE_VERSION || typeof parsed.hosts !== 'object')
      throw new Error(`unsupported version ${parsed.version}`);
    return parsed;
  } catch (error) {
    throw new LabHostsError(`the lab's host state ${path} cannot be read`, {
      code: LabHostsErrorCode.BAD_STATE,
      hint: 'run `runbook lab reset` to start the lab over',
      cause: error,
    });
  }
}

/** Writes hosts.json atomically (temp file + rename). */
export async function saveHostStates(stateDir: string, states: Record<string, HostState>): Promise<void> {
  const path = hostsStatePath(stateDir);
  const file: StateFile = { version: STATE_VERSION, hosts: states };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(file, null, 1) + '\n', { mode: 0o600 });
  await rename(temp, path);
}
