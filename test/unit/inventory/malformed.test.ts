import * as nodePath from 'node:path';
import { parseInventory } from '../../../src/inventory/load';
import { formatProblem, ValidationError } from '../../../src/shared/errors';

const FILE = 'inventories/bad.yaml';

/** A small valid inventory; each case edits it. Line numbers below refer to this text. */
const BASE = `name: test
engine:
  kind: standalone
  host: engine
  url: http://127.0.0.1:18180/ovirt-engine/api
  password: env:OLVM_PASSWORD
cluster: { name: stretch, data_center: dc1 }
sites:
  primary:
    storage_domains: [data-a]
    hosts:
      kvm-a1: { address: 127.10.1.11 }
  secondary:
    storage_domains: [data-b]
    hosts:
      kvm-b1: { address: 127.10.2.21 }
hosts:
  engine: { address: 127.10.0.5 }
groups:
  kvm: [kvm-a1, kvm-b1]
vms:
  - { name: db-1, site: primary, memory: 8GiB, lease: data-a }
`;

function edit(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`test bug: base has no ${JSON.stringify(from)}`);
  return BASE.replace(from, to);
}

function problemsOf(text: string): string[] {
  try {
    parseInventory(text, nodePath.resolve(FILE));
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('malformed inventories', () => {
  it('accepts the base document the cases edit', () => {
    expect(problemsOf(BASE)).toEqual([]);
  });

  it.each<[string, string, string]>([
    [
      'a YAML syntax error',
      edit('[kvm-a1, kvm-b1]', '[kvm-a1, kvm-b1'),
      `${FILE}:21:1 YAML: missed comma between flow collection entries`,
    ],
    [
      'a tab in the indentation',
      edit('  secondary:', '\tsecondary:'),
      `${FILE}:13:1 YAML: tab characters must not be used in indentation`,
    ],
    ['a duplicate key', edit('cluster:', 'name: again\ncluster:'), `${FILE}:7:1 YAML: duplicate key "name"`],
    [
      'a !!js/function tag',
      edit('name: test', "name: !!js/function 'function () {}'"),
      `${FILE}:1:7 YAML: tag !!js/function is not allowed: only plain YAML values (strings, numbers, booleans, lists, maps)`,
    ],
    [
      'a !!python/object tag',
      edit('name: test', 'name: !!python/object:os.system [ls]'),
      `${FILE}:1:7 YAML: tag !!python/object:os.system is not allowed: only plain YAML values (strings, numbers, booleans, lists, maps)`,
    ],
    [
      'two documents',
      `${BASE}---\nname: other\n`,
      `${FILE}:23:1 YAML: expected a single document in the stream, but found more`,
    ],
    ['an empty document', '# nothing here\n', `${FILE}:1:1 the inventory is empty`],
    ['a list instead of a mapping', '- a\n- b\n', `${FILE}:1:1 must be a mapping, got a list`],
    ['a missing name', edit('name: test\n', ''), `${FILE}:1:1 missing required key "name"`],
    [
      'an unknown top-level key',
      edit('name: test', 'name: test\nzones: 3'),
      `${FILE}:2:1 zones: unknown key "zones" (known: name, lab, engine, cluster, storage, rto, sites, hosts, groups, ssh, vms, vars, state)`,
    ],
    [
      'a misspelt top-level key',
      edit('groups:', 'grops:'),
      `${FILE}:19:1 grops: unknown key "grops" (did you mean groups?)`,
    ],
    [
      'an inline password',
      edit('env:OLVM_PASSWORD', 'hunter2'),
      `${FILE}:6:13 engine.password: must be a reference, env:NAME or file:PATH, never the secret itself (put it in an environment variable or a file)`,
    ],
    [
      'an inline become password',
      edit('{ address: 127.10.0.5 }', '{ address: 127.10.0.5, become_password: s3cret }'),
      `${FILE}:18:51 hosts.engine.become_password: must be a reference, env:NAME or file:PATH, never the secret itself (put it in an environment variable or a file)`,
    ],
    [
      'https without ca_file or insecure',
      edit('http://127.0.0.1:18180', 'https://127.0.0.1:18443'),
      `${FILE}:5:8 engine.url: https needs ca_file (the engine's CA certificate, from https://ENGINE/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA) or insecure: true`,
    ],
    [
      'a URL without the API path',
      edit('/ovirt-engine/api', '/api'),
      `${FILE}:5:8 engine.url: must end in /ovirt-engine/api (e.g. https://engine.example.com/ovirt-engine/api)`,
    ],
    [
      'a URL that is not http',
      edit('http://127.0.0.1:18180', 'ftp://127.0.0.1'),
      `${FILE}:5:8 engine.url: must be an http:// or https:// URL`,
    ],
    [
      'an unknown engine kind',
      edit('kind: standalone', 'kind: hosted'),
      `${FILE}:3:9 engine.kind: must be one of standalone, self-hosted, got string "hosted"`,
    ],
    [
      'an unknown engine host',
      edit('host: engine', 'host: engin'),
      `${FILE}:4:9 engine.host: no host "engin" in inventory (did you mean engine?)`,
    ],
    [
      'a third site',
      edit('hosts:\n  engine:', 'tertiary:\n    hosts: { kvm-c1: { address: 127.10.3.1 } }\nhosts:\n  engine:').replace(
        'tertiary:',
        '  tertiary:'
      ),
      `${FILE}:17:3 sites.tertiary: unknown key "tertiary" (known: primary, secondary)`,
    ],
    [
      'a missing secondary site',
      edit('  secondary:\n    storage_domains: [data-b]\n    hosts:\n      kvm-b1: { address: 127.10.2.21 }\n', ''),
      `${FILE}:9:3 sites: missing required key "secondary"`,
    ],
    [
      'a site without hosts',
      edit('    hosts:\n      kvm-b1: { address: 127.10.2.21 }\n', '    hosts: {}\n'),
      `${FILE}:15:12 sites.secondary.hosts: must have at least 1 entry`,
    ],
    [
      'a host in two sites',
      edit('kvm-b1: {', 'kvm-a1: {'),
      `${FILE}:16:7 sites.secondary.hosts.kvm-a1: host "kvm-a1" is already defined at sites.primary.hosts.kvm-a1`,
    ],
    [
      'a cluster host repeated outside the cluster',
      edit('  engine: {', '  kvm-b1: { address: 127.10.0.6 }\n  engine: {'),
      `${FILE}:18:3 hosts.kvm-b1: host "kvm-b1" is already defined at sites.secondary.hosts.kvm-b1`,
    ],
    [
      'a host without an address',
      edit('{ address: 127.10.2.21 }', '{ port: 22 }'),
      `${FILE}:16:15 sites.secondary.hosts.kvm-b1: missing required key "address"`,
    ],
    [
      'a port out of range',
      edit('{ address: 127.10.0.5 }', '{ address: 127.10.0.5, port: 70000 }'),
      `${FILE}:18:40 hosts.engine.port: must be <= 65535, got number 70000`,
    ],
    [
      'a port that is text',
      edit('{ address: 127.10.0.5 }', '{ address: 127.10.0.5, port: ssh }'),
      `${FILE}:18:40 hosts.engine.port: must be an integer, got string "ssh"`,
    ],
    [
      'a bad host name',
      edit('kvm-a1: {', '"kvm a1": {'),
      `${FILE}:12:7 sites.primary.hosts.kvm a1: invalid name "kvm a1": use letters, digits, ".", "_" and "-", starting with a letter or digit`,
    ],
    [
      'a non-loopback address in a lab inventory',
      edit('name: test', 'name: test\nlab: true').replace('127.10.2.21', '10.0.2.21'),
      `${FILE}:17:26 sites.secondary.hosts.kvm-b1.address: the lab serves only loopback addresses (127.0.0.0/8), got "10.0.2.21"`,
    ],
    [
      'a VM on an unknown site',
      edit('site: primary,', 'site: tertiary,'),
      `${FILE}:22:25 vms[0].site: no site "tertiary" in inventory (known: primary, secondary)`,
    ],
    [
      'a lease on an unknown storage domain',
      edit('lease: data-a', 'lease: data-c'),
      `${FILE}:22:55 vms[0].lease: storage domain "data-c" is not declared by any site (did you mean data-a?)`,
    ],
    [
      'memory that does not parse',
      edit('memory: 8GiB', 'memory: 8 gigs'),
      `${FILE}:22:42 vms[0].memory: cannot read "8 gigs" as a size (write e.g. 8GiB, 512MiB)`,
    ],
    [
      'a VM listed twice',
      `${BASE}  - { name: db-1, site: secondary }\n`,
      `${FILE}:23:13 vms[1].name: VM "db-1" is listed twice`,
    ],
    [
      'a priority above 100',
      edit('lease: data-a }', 'lease: data-a, priority: 101 }'),
      `${FILE}:22:73 vms[0].priority: must be <= 100, got number 101`,
    ],
    [
      'an unknown host in a group',
      edit('[kvm-a1, kvm-b1]', '[kvm-a1, kvm-b9]'),
      `${FILE}:20:17 groups.kvm[1]: no host "kvm-b9" in inventory (did you mean kvm-b1?)`,
    ],
    [
      'an unknown site in a group',
      edit('[kvm-a1, kvm-b1]', '[site:primay]'),
      `${FILE}:20:9 groups.kvm[0]: no site "primay" in inventory (known: primary, secondary)`,
    ],
    [
      'a group that includes itself',
      edit('[kvm-a1, kvm-b1]', '[kvm-a1, group:kvm]'),
      `${FILE}:20:17 groups.kvm[1]: group "kvm" includes itself through kvm -> kvm`,
    ],
    [
      'an rto that is not a duration',
      edit('name: test', 'name: test\nrto: soon'),
      `${FILE}:2:6 rto: must be a duration like 90s, 5m or 1h30m, got "soon"`,
    ],
    [
      'an unknown host key checking mode',
      edit('name: test', 'name: test\nssh: { host_key_checking: yes }'),
      `${FILE}:2:27 ssh.host_key_checking: must be one of strict, accept-new, off, got string "yes"`,
    ],
    [
      'an unknown jump host',
      edit('name: test', 'name: test\nssh: { jump_host: bastion }'),
      `${FILE}:2:19 ssh.jump_host: no host "bastion" in inventory (known: kvm-a1, kvm-b1, engine)`,
    ],
    [
      'a self-hosted engine without hosted-engine hosts',
      edit('kind: standalone', 'kind: self-hosted').replace('127.10.2.21 }', '127.10.2.21, hosted_engine: true }'),
      `${FILE}:12:7 sites.primary.hosts: a self-hosted engine needs a host with hosted_engine: true in every site (none in primary)`,
    ],
  ])('reports %s', (_what, text, expected) => {
    const problems = problemsOf(text);
    expect(problems).toEqual([expected]);
    expect(problems.join('\n')).not.toContain('    at ');
  });
});

describe('an inventory with several problems', () => {
  it('reports all of them at once, in reading order', () => {
    const text = BASE.replace('name: test\n', '')
      .replace('env:OLVM_PASSWORD', 'hunter2')
      .replace('kvm-b1: {', 'kvm-a1: {')
      .replace('site: primary,', 'site: tertiary,')
      .replace('lease: data-a', 'lease: data-c');
    expect(problemsOf(text)).toEqual([
      `${FILE}:1:1 missing required key "name"`,
      `${FILE}:5:13 engine.password: must be a reference, env:NAME or file:PATH, never the secret itself (put it in an environment variable or a file)`,
      `${FILE}:15:7 sites.secondary.hosts.kvm-a1: host "kvm-a1" is already defined at sites.primary.hosts.kvm-a1`,
      `${FILE}:21:25 vms[0].site: no site "tertiary" in inventory (known: primary, secondary)`,
      `${FILE}:21:56 vms[0].lease: storage domain "data-c" is not declared by any site (did you mean data-a?)`,
    ]);
  });

  it('never shows an inline secret in any message', () => {
    const text = BASE.replace('env:OLVM_PASSWORD', 'hunter2-inline').replace(
      '{ address: 127.10.0.5 }',
      '{ address: 127.10.0.5, password: 12345678 }'
    );
    let message = '';
    try {
      parseInventory(text, nodePath.resolve(FILE));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('engine.password');
    expect(message).toContain('hosts.engine.password: must be a string, got number');
    expect(message).not.toContain('hunter2-inline');
    expect(message).not.toContain('12345678');
  });
});
