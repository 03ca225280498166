/** The inventory as written (snake_case YAML), and tolerant readers for rules that run before it is known valid. */
import type { PathSegment } from '../shared/yaml-source';
import { SITE_ROLES, type SiteRole } from './types';

export interface RawHost {
  address: string;
  port?: number;
  user?: string;
  key_file?: string;
  agent?: boolean;
  password?: string;
  become?: boolean;
  become_password?: string;
  hosted_engine?: boolean;
  vars?: Record<string, unknown>;
}

export interface RawSite {
  name?: string;
  storage_domains?: string[];
  hosts: Record<string, RawHost>;
  vars?: Record<string, unknown>;
}

export interface RawLab {
  latency_ms?: number;
  speed?: number;
  seed?: number;
  subnets?: Partial<Record<SiteRole, string>>;
  /** Timings and limits by their YAML names (src/inventory/lab-knobs.ts). */
  knobs?: Record<string, string | number>;
}

export interface RawInventory {
  name: string;
  lab?: boolean | RawLab;
  engine: {
    kind: 'standalone' | 'self-hosted';
    host?: string;
    url: string;
    username?: string;
    password?: string;
    ca_file?: string;
    insecure?: boolean;
    ha?: 'external' | 'hosted-engine' | 'none';
  };
  cluster: { name: string; data_center: string };
  storage?: { replication?: string };
  state?: {
    backend?: 'local' | 'postgresql';
    url?: string;
    schema?: string;
    signing_key?: string;
    checkpoint?: string | number;
  };
  rto?: string | number;
  sites: Record<SiteRole, RawSite>;
  hosts?: Record<string, RawHost>;
  groups?: Record<string, string[]>;
  ssh?: {
    user?: string;
    port?: number;
    key_file?: string;
    agent?: boolean;
    known_hosts?: string;
    host_key_checking?: 'strict' | 'accept-new' | 'off';
    connect_timeout?: string | number;
    jump_host?: string;
  };
  vms?: Array<{
    name: string;
    site: string;
    memory?: string | number;
    high_availability?: boolean;
    priority?: number;
    lease?: string;
    vars?: Record<string, unknown>;
  }>;
  vars?: Record<string, unknown>;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** One host as written, with where it is written. */
export interface HostDefinition {
  name: string;
  path: PathSegment[];
  site: SiteRole | undefined;
  fields: Record<string, unknown>;
}

/** Every host definition in inventory order: primary site, secondary site, then `hosts`. */
export function listHostDefinitions(data: unknown): HostDefinition[] {
  const root = asRecord(data);
  const sites = asRecord(root.sites);
  const definitions: HostDefinition[] = [];
  for (const role of SITE_ROLES) {
    for (const [name, fields] of Object.entries(asRecord(asRecord(sites[role]).hosts))) {
      definitions.push({ name, path: ['sites', role, 'hosts', name], site: role, fields: asRecord(fields) });
    }
  }
  for (const [name, fields] of Object.entries(asRecord(root.hosts))) {
    definitions.push({ name, path: ['hosts', name], site: undefined, fields: asRecord(fields) });
  }
  return definitions;
}

/** Storage domains declared by the sites. */
export function listStorageDomains(data: unknown): string[] {
  const sites = asRecord(asRecord(data).sites);
  return SITE_ROLES.flatMap((role) =>
    asArray(asRecord(sites[role]).storage_domains).filter((d) => typeof d === 'string')
  );
}

/** The role of a site given by role or display name. */
export function findSiteRole(data: unknown, name: string): SiteRole | undefined {
  const sites = asRecord(asRecord(data).sites);
  return SITE_ROLES.find((role) => role === name) ?? SITE_ROLES.find((role) => asRecord(sites[role]).name === name);
}
