/**
 * The JSON Schema of inventory YAML (published as schemas/inventory.schema.json for editors; `npm run schemas`
 * writes it, and a test keeps the file equal to this object). Rules the schema cannot express live in rules.ts.
 */
import { buildLabKnobsSchema } from './lab-knob-values';

const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
const NAME_HINT = 'use letters, digits, ".", "_" and "-", starting with a letter or digit';

const secretRef = {
  type: 'string',
  pattern: '^(env|file):.+$',
  patternErrorMessage:
    'must be a reference, env:NAME or file:PATH, never the secret itself (put it in an environment variable or a file)',
  description:
    'A secret by reference: env:NAME (environment variable) or file:PATH (the file, without its final newline).',
};

const path = { type: 'string', minLength: 1, description: 'A file path; relative to this file, ~ is $HOME.' };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const duration = {
  type: ['string', 'number'],
  description: 'A duration: 90s, 5m, 1h30m, 250ms, or a number of seconds.',
};
const vars = { type: 'object', description: 'Variables for templates.' };

const hostProperties = {
  address: { type: 'string', minLength: 1, description: 'IP address or DNS name SSH connects to.' },
  port: { ...port, description: 'SSH port (default ssh.port, else 22).' },
  user: { type: 'string', minLength: 1, description: 'SSH user (default ssh.user, else root).' },
  key_file: { ...path, description: 'Private key file (default ssh.key_file).' },
  agent: { type: 'boolean', description: 'Use the SSH agent (default ssh.agent).' },
  password: { ...secretRef, description: 'SSH password, by reference.' },
  become: { type: 'boolean', description: 'Run commands with sudo (default: true when user is not root).' },
  become_password: { ...secretRef, description: 'sudo password, by reference.' },
  hosted_engine: { type: 'boolean', description: 'Whether this host can run the self-hosted engine VM.' },
  vars,
};

const host = { type: 'object', additionalProperties: false, required: ['address'], properties: hostProperties };

const hostMap = {
  type: 'object',
  propertyNames: { pattern: NAME_PATTERN, patternErrorMessage: NAME_HINT },
  additionalProperties: { $ref: '#/definitions/host' },
};

const site = {
  type: 'object',
  additionalProperties: false,
  required: ['hosts'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Display name (default: the role).' },
    storage_domains: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Storage domains of this site.',
    },
    hosts: { ...hostMap, minProperties: 1, description: 'Cluster hosts of this site, by name.' },
    vars,
  },
};

const engine = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'url'],
  properties: {
    kind: {
      enum: ['standalone', 'self-hosted'],
      description: 'standalone (latency limit 100 ms) or self-hosted (7 ms).',
    },
    host: { type: 'string', description: 'Inventory host a standalone engine is installed on.' },
    url: { type: 'string', pattern: '^https?://', patternErrorMessage: 'must be an http:// or https:// URL' },
    username: { type: 'string', minLength: 1, description: 'Default admin@internal.' },
    password: { ...secretRef, description: 'Engine password, by reference.' },
    ca_file: { ...path, description: "The engine's CA certificate (PEM) for https." },
    insecure: { type: 'boolean', description: 'Skip TLS verification (warned about).' },
    ha: { enum: ['external', 'hosted-engine', 'none'], description: 'How the engine survives a site loss.' },
  },
};

const ssh = {
  type: 'object',
  additionalProperties: false,
  properties: {
    user: { type: 'string', minLength: 1 },
    port,
    key_file: path,
    agent: { type: 'boolean' },
    known_hosts: path,
    host_key_checking: { enum: ['strict', 'accept-new', 'off'] },
    connect_timeout: duration,
    jump_host: { type: 'string', minLength: 1, description: 'An inventory host to connect through.' },
  },
};

const vm = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'site'],
  properties: {
    name: { type: 'string', minLength: 1 },
    site: { type: 'string', description: 'primary or secondary (or a site display name).' },
    memory: { type: ['string', 'integer'], description: '8GiB, 512MiB, or bytes.' },
    high_availability: { type: 'boolean', description: 'Fail over with a lease (default true).' },
    priority: { type: 'integer', minimum: 0, maximum: 100, description: 'HA priority (default 1).' },
    lease: { type: 'string', minLength: 1, description: 'Lease storage domain (default: first of the site).' },
    vars,
  },
};

const lab = {
  type: ['boolean', 'object'],
  additionalProperties: false,
  description: 'Served by the embedded lab: true, or settings.',
  properties: {
    latency_ms: { type: 'number', minimum: 0 },
    speed: { type: 'number', exclusiveMinimum: 0 },
    seed: { type: 'integer' },
    subnets: {
      type: 'object',
      additionalProperties: false,
      properties: { primary: { type: 'string' }, secondary: { type: 'string' } },
    },
    knobs: buildLabKnobsSchema(),
  },
};

const state = {
  type: 'object',
  additionalProperties: false,
  description: 'Where runs keep their journal and lock, and how their journals are signed (docs/state-backend.md).',
  properties: {
    backend: {
      enum: ['local', 'postgresql'],
      description: 'local (the state directory, the default) or postgresql (shared by a team: url).',
    },
    url: {
      ...secretRef,
      description: 'postgresql: the connection URL (postgres://user:password@host:5432/db), by reference.',
    },
    schema: {
      type: 'string',
      pattern: '^[a-z_][a-z0-9_]*$',
      description: 'postgresql: the schema holding the tables (default runbook).',
    },
    signing_key: {
      type: 'string',
      minLength: 1,
      description:
        "Sign every run's journal head with this SSH key: agent, a private key file, or a public key file of a " +
        'key in ssh-agent (RUNBOOK_SIGNING_KEY overrides it).',
    },
    checkpoint: { ...duration, description: 'How often a long run signs its head (default 1m).' },
  },
};

export const inventorySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'runbook inventory',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'engine', 'cluster', 'sites'],
  properties: {
    name: { type: 'string', minLength: 1 },
    lab,
    engine,
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'data_center'],
      properties: { name: { type: 'string', minLength: 1 }, data_center: { type: 'string', minLength: 1 } },
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      properties: {
        replication: { type: 'string', minLength: 1, description: 'e.g. synchronous, drbd; absent = none.' },
      },
    },
    rto: { ...duration, description: 'Recovery-time objective for drills.' },
    sites: {
      type: 'object',
      additionalProperties: false,
      required: ['primary', 'secondary'],
      properties: { primary: { $ref: '#/definitions/site' }, secondary: { $ref: '#/definitions/site' } },
    },
    hosts: { ...hostMap, description: 'Hosts outside the cluster (the engine machine, a bastion).' },
    groups: {
      type: 'object',
      propertyNames: { pattern: NAME_PATTERN, patternErrorMessage: NAME_HINT },
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
      description: 'Named lists of host names or selectors.',
    },
    ssh,
    vms: { type: 'array', items: { $ref: '#/definitions/vm' } },
    vars,
    state,
  },
  definitions: { host, site, vm },
} as const;
