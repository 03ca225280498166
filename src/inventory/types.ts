/** The resolved, typed inventory every layer reads. The YAML form is in docs/inventory.md. */
import type { LabKnobs } from './lab-knobs';

export const SiteRole = { PRIMARY: 'primary', SECONDARY: 'secondary' } as const;
export type SiteRole = (typeof SiteRole)[keyof typeof SiteRole];
export const SITE_ROLES: readonly SiteRole[] = [SiteRole.PRIMARY, SiteRole.SECONDARY];

export const EngineKind = { STANDALONE: 'standalone', SELF_HOSTED: 'self-hosted' } as const;
export type EngineKind = (typeof EngineKind)[keyof typeof EngineKind];

/** Maximum round trip between the sites the procedure allows, per engine kind. */
export const MAX_SITE_LATENCY_MS: Record<EngineKind, number> = { standalone: 100, 'self-hosted': 7 };

/** A secret by reference: `env:NAME` or `file:PATH`. Resolve it with `resolveSecret` only when needed. */
export interface SecretRef {
  readonly ref: string;
}

export interface EngineConfig {
  kind: EngineKind;
  /** Inventory host the standalone engine is installed on (for ssh steps), if any. */
  host?: string;
  /** Base URL of the API, ending in /ovirt-engine/api. */
  url: string;
  username: string;
  password?: SecretRef;
  caFile?: string;
  /** TLS verification off; must be explicit and is warned about. */
  insecure: boolean;
  /** How the engine survives a site loss: external (separate HA environment / cloud), hosted-engine, or none. */
  ha: 'external' | 'hosted-engine' | 'none';
}

export interface SshAuth {
  keyFile?: string;
  agent?: boolean;
  password?: SecretRef;
}

export interface HostEntry {
  name: string;
  address: string;
  port: number;
  user: string;
  auth: SshAuth;
  /** The site the host belongs to; undefined for hosts outside the stretch cluster (the engine machine). */
  site?: SiteRole;
  /** sudo for commands when user is not root. */
  become: boolean;
  becomePassword?: SecretRef;
  /** Whether this host can run the self-hosted engine VM. */
  hostedEngine: boolean;
  vars: Record<string, unknown>;
}

export interface Site {
  role: SiteRole;
  /** A human name for the site (defaults to the role). */
  name: string;
  storageDomains: string[];
  /** Host names, in inventory order. */
  hosts: string[];
  vars: Record<string, unknown>;
}

export interface VmEntry {
  name: string;
  site: SiteRole;
  /** Bytes. */
  memory: number;
  /** Should this VM fail over (HA with a lease)? Default true. */
  highAvailability: boolean;
  /** HA priority 0..100 (engine default 1 when enabled). */
  priority: number;
  /** Storage domain for the lease; default the first storage domain of the VM's site. */
  lease?: string;
  vars: Record<string, unknown>;
}

export interface StorageConfig {
  /** The replication technology declared by the operator (e.g. `synchronous`, `drbd`, `netapp-snapmirror-sync`). */
  replication?: string;
  isReplicated: boolean;
}

export interface SshDefaults {
  user: string;
  keyFile?: string;
  agent?: boolean;
  knownHosts?: string;
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs: number;
  jumpHost?: string;
}

export interface LabSettings {
  /** Round-trip latency between the sites, ms. */
  latencyMs: number;
  /** Virtual-clock speed factor (60 = one real second is a virtual minute). */
  speed: number;
  seed: number;
  /** Per-site subnets for the simulated `ip addr`, e.g. 10.10.1.0/24. */
  subnets?: Partial<Record<SiteRole, string>>;
  /** The timings and limits the inventory sets (the lab fills the rest with the engine's defaults). */
  knobs?: Partial<LabKnobs>;
}

/** Where runs keep their state, and how their journals are signed (`state:` of the inventory). */
export interface StateSettings {
  backend: 'local' | 'postgresql';
  /** postgresql: the connection URL, by reference. */
  url?: SecretRef;
  /** postgresql: the schema of the tables. */
  schema: string;
  /** `agent`, or an absolute key file path. */
  signingKey?: string;
  /** How often a long run signs its head. */
  checkpointMs?: number;
}

export interface Inventory {
  name: string;
  /** Absolute path of the inventory file. */
  path: string;
  engine: EngineConfig;
  cluster: { name: string; dataCenter: string };
  sites: Record<SiteRole, Site>;
  /** Every host by name: the cluster hosts of both sites and the others (engine machine). */
  hosts: Record<string, HostEntry>;
  groups: Record<string, string[]>;
  vms: VmEntry[];
  storage: StorageConfig;
  ssh: SshDefaults;
  vars: Record<string, unknown>;
  /** Recovery-time objective for drills, ms. */
  rtoMs?: number;
  /** Present when the inventory is served by the embedded lab. */
  lab?: LabSettings;
  /** Absent: the local state directory, unsigned journals. */
  state?: StateSettings;
}
