/**
 * Inventory rules the schema cannot express. Each rule reads the document as written (it may be partly invalid)
 * and reports problems with their paths; every rule runs, so all problems are reported at once.
 */
import { parseBytes } from '../shared/bytes';
import { parseDuration } from '../shared/duration';
import type { DocumentProblems } from '../shared/problems';
import { findSecretLiterals, SECRET_LITERAL_MESSAGE } from '../shared/secret-literals';
import { describeAlternatives } from '../shared/suggest';
import { formatPath } from '../shared/yaml-source';
import { checkLabKnobs } from './lab-knob-values';
import { asArray, asRecord, asString, findSiteRole, listHostDefinitions, listStorageDomains } from './raw';
import { SITE_ROLES } from './types';

export type InventoryRule = (data: unknown, problems: DocumentProblems) => void;

const checkUniqueHosts: InventoryRule = (data, problems) => {
  const seen = new Map<string, string>();
  for (const host of listHostDefinitions(data)) {
    const first = seen.get(host.name);
    if (first !== undefined) problems.atKey(host.path, `host "${host.name}" is already defined at ${first}`);
    else seen.set(host.name, formatPath(host.path));
  }
};

const checkKnownHostReferences: InventoryRule = (data, problems) => {
  const names = listHostDefinitions(data).map((h) => h.name);
  const root = asRecord(data);
  const references: Array<[string[], unknown]> = [
    [['engine', 'host'], asRecord(root.engine).host],
    [['ssh', 'jump_host'], asRecord(root.ssh).jump_host],
  ];
  for (const [path, value] of references) {
    if (typeof value === 'string' && !names.includes(value)) {
      problems.atValue(path, `no host "${value}" in inventory${describeAlternatives(value, names)}`);
    }
  }
};

const checkEngineTls: InventoryRule = (data, problems) => {
  const engine = asRecord(asRecord(data).engine);
  const url = asString(engine.url);
  if (url === undefined || !/^https?:\/\//.test(url)) return;
  if (!URL.canParse(url)) return problems.atValue(['engine', 'url'], 'is not a valid URL');
  const parsed = new URL(url);
  if (!parsed.pathname.replace(/\/+$/, '').endsWith('/ovirt-engine/api')) {
    problems.atValue(
      ['engine', 'url'],
      'must end in /ovirt-engine/api (e.g. https://engine.example.com/ovirt-engine/api)'
    );
  }
  const hasCa = engine.ca_file !== undefined;
  if (parsed.protocol === 'https:' && !hasCa && engine.insecure !== true) {
    problems.atValue(
      ['engine', 'url'],
      "https needs ca_file (the engine's CA certificate, from https://ENGINE/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA) or insecure: true"
    );
  }
  if (hasCa && engine.insecure === true) problems.atKey(['engine', 'insecure'], 'contradicts ca_file: choose one');
};

const checkHostedEngineHosts: InventoryRule = (data, problems) => {
  if (asRecord(asRecord(data).engine).kind !== 'self-hosted') return;
  const hosts = listHostDefinitions(data);
  for (const role of SITE_ROLES) {
    if (!hosts.some((h) => h.site === role && h.fields.hosted_engine === true)) {
      problems.atValue(
        ['sites', role, 'hosts'],
        `a self-hosted engine needs a host with hosted_engine: true in every site (none in ${role})`
      );
    }
  }
};

const checkLabAddresses: InventoryRule = (data, problems) => {
  const lab = asRecord(data).lab;
  if (lab === undefined || lab === false) return;
  for (const host of listHostDefinitions(data)) {
    const address = asString(host.fields.address);
    if (address !== undefined && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) {
      problems.atValue(
        [...host.path, 'address'],
        `the lab serves only loopback addresses (127.0.0.0/8), got "${address}"`
      );
    }
  }
};

const checkStorageDomains: InventoryRule = (data, problems) => {
  const seen = new Set<string>();
  const sites = asRecord(asRecord(data).sites);
  for (const role of SITE_ROLES) {
    asArray(asRecord(sites[role]).storage_domains).forEach((domain, i) => {
      if (typeof domain !== 'string') return;
      if (seen.has(domain)) {
        problems.atValue(['sites', role, 'storage_domains', i], `storage domain "${domain}" is declared twice`);
      }
      seen.add(domain);
    });
  }
};

const checkVms: InventoryRule = (data, problems) => {
  const domains = listStorageDomains(data);
  const names = new Set<string>();
  asArray(asRecord(data).vms).forEach((raw, i) => {
    const vm = asRecord(raw);
    const name = asString(vm.name);
    if (name !== undefined && names.has(name)) problems.atValue(['vms', i, 'name'], `VM "${name}" is listed twice`);
    if (name !== undefined) names.add(name);
    const site = asString(vm.site);
    if (site !== undefined && !findSiteRole(data, site)) {
      problems.atValue(['vms', i, 'site'], `no site "${site}" in inventory (known: ${SITE_ROLES.join(', ')})`);
    }
    const lease = asString(vm.lease);
    if (lease !== undefined && !domains.includes(lease)) {
      const known = domains.length > 0 ? describeAlternatives(lease, domains) : ' (no site declares storage_domains)';
      problems.atValue(['vms', i, 'lease'], `storage domain "${lease}" is not declared by any site${known}`);
    }
    const memory = vm.memory;
    if ((typeof memory === 'string' || typeof memory === 'number') && parseBytes(memory) === undefined) {
      problems.atValue(['vms', i, 'memory'], `cannot read "${memory}" as a size (write e.g. 8GiB, 512MiB)`);
    }
  });
};

const checkDurations: InventoryRule = (data, problems) => {
  const root = asRecord(data);
  const durations: Array<[string[], unknown]> = [
    [['rto'], root.rto],
    [['ssh', 'connect_timeout'], asRecord(root.ssh).connect_timeout],
  ];
  for (const [path, value] of durations) {
    if ((typeof value === 'string' || typeof value === 'number') && parseDuration(value) === undefined) {
      problems.atValue(path, `must be a duration like 90s, 5m or 1h30m, got ${JSON.stringify(value)}`);
    }
  }
};

/** Secret-named `vars` hold references, never the secret (top level, sites and hosts alike). */
const checkSecretVars: InventoryRule = (data, problems) => {
  for (const path of findSecretLiterals(data)) {
    if (path.includes('vars')) problems.atValue(path, SECRET_LITERAL_MESSAGE);
  }
};

/** `state.backend: postgresql` needs its `url`; a `url` (or `schema`) without it would be ignored. */
const checkStateBackend: InventoryRule = (data, problems) => {
  const state = asRecord(asRecord(data).state);
  const isPostgres = state.backend === 'postgresql';
  if (isPostgres && state.url === undefined) {
    problems.atValue(['state', 'backend'], 'postgresql needs state.url (env:NAME or file:PATH of its connection URL)');
  }
  for (const key of ['url', 'schema']) {
    if (!isPostgres && state[key] !== undefined) {
      problems.atKey(['state', key], 'applies to state.backend: postgresql only (the backend is local)');
    }
  }
  const checkpoint = state.checkpoint;
  if ((typeof checkpoint === 'string' || typeof checkpoint === 'number') && parseDuration(checkpoint) === undefined) {
    problems.atValue(['state', 'checkpoint'], `must be a duration like 30s or 5m, got ${JSON.stringify(checkpoint)}`);
  }
};

export const INVENTORY_RULES: readonly InventoryRule[] = [
  checkStateBackend,
  checkSecretVars,
  checkUniqueHosts,
  checkKnownHostReferences,
  checkEngineTls,
  checkHostedEngineHosts,
  checkLabAddresses,
  checkStorageDomains,
  checkVms,
  checkDurations,
  checkLabKnobs,
];
