/**
 * The three contenders of the SSH benchmark, each written out as a command line over the same hosts, key and
 * known_hosts: runbook (SshPool + ssh.command), raw OpenSSH multiplexed with ControlMaster, and ansible-playbook
 * with forks = N, pipelining and ControlPersist. All run the steps in lock-step (step i on every host, then
 * step i + 1), as the engine and Ansible's linear strategy do.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../src/inventory/types';

export interface BenchHost {
  name: string;
  address: string;
  port: number;
}

export interface BenchSetup {
  dir: string;
  keyPath: string;
  knownHostsPath: string;
  hosts: BenchHost[];
  steps: number;
  /** The login user on every host. */
  user: string;
  inventory: Inventory;
}

export interface Contender {
  name: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

/** `runbook exec` itself: the CLI, the engine (plan, apply, events, journal) and the SSH pool. */
export function runbookExecContender(setup: BenchSetup): Contender {
  const half = Math.ceil(setup.hosts.length / 2);
  const hostLines = (hosts: BenchHost[]) =>
    hosts.map((h) => `${h.name}: { address: ${h.address}, port: ${h.port}, become: false }`).join(', ');
  const inventory = [
    'name: ssh-bench',
    'engine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api", username: admin@internal, ha: external }',
    'cluster: { name: stretch, data_center: dc1 }',
    'sites:',
    `  primary: { storage_domains: [data-a], hosts: { ${hostLines(setup.hosts.slice(0, half))} } }`,
    `  secondary: { storage_domains: [data-b], hosts: { ${hostLines(setup.hosts.slice(half))} } }`,
    `ssh: { user: ${setup.user}, key_file: ${setup.keyPath}, known_hosts: ${setup.knownHostsPath}, host_key_checking: strict }`,
  ];
  const steps = Array.from(
    { length: setup.steps },
    (_, i) => `  - id: step-${i + 1}\n    hosts: all\n    ssh.command: { cmd: "echo step-${i + 1}" }`
  );
  writeFileSync(join(setup.dir, 'bench-inventory.yaml'), inventory.join('\n') + '\n');
  writeFileSync(join(setup.dir, 'bench-runbook.yaml'), ['name: ssh bench', 'steps:', ...steps].join('\n') + '\n');
  return {
    name: '`runbook exec` (CLI + engine + journal)',
    argv: [
      process.execPath,
      join(process.cwd(), 'bin', 'runbook.js'),
      'exec',
      join(setup.dir, 'bench-runbook.yaml'),
      '-i',
      join(setup.dir, 'bench-inventory.yaml'),
      '--forks',
      String(setup.hosts.length),
    ],
    env: { ...process.env, RUNBOOK_STATE_DIR: join(setup.dir, 'state') },
  };
}

export function runbookContender(setup: BenchSetup): Contender {
  const config = join(setup.dir, 'runbook-bench.json');
  writeFileSync(config, JSON.stringify({ inventory: setup.inventory, steps: setup.steps }));
  return {
    name: 'SshPool + ssh.command alone (no engine)',
    argv: [process.execPath, join(__dirname, '_ssh-contender.js'), config],
  };
}

export function openSshContender(setup: BenchSetup): Contender {
  const options = `-F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -i ${setup.keyPath} -o UserKnownHostsFile=${setup.knownHostsPath} -o StrictHostKeyChecking=yes -o LogLevel=ERROR`;
  const control = (h: BenchHost) => join(setup.dir, `cm-${h.name}`);
  const lines = ['#!/bin/sh', `O="${options}"`, 'fail=0'];
  setup.hosts.forEach((h, i) => {
    lines.push(
      `ssh $O -p ${h.port} -o ControlMaster=yes -o ControlPath=${control(h)} -N ${setup.user}@${h.address} & m${i}=$!`
    );
  });
  setup.hosts.forEach((h) => lines.push(`while [ ! -S ${control(h)} ]; do sleep 0.01; done`));
  for (let step = 1; step <= setup.steps; step++) {
    setup.hosts.forEach((h, i) => {
      lines.push(
        `ssh $O -p ${h.port} -o ControlPath=${control(h)} ${setup.user}@${h.address} 'echo step-${step}' >/dev/null & p${i}=$!`
      );
    });
    setup.hosts.forEach((_, i) => lines.push(`wait $p${i} || fail=1`));
  }
  setup.hosts.forEach((h, i) => {
    lines.push(
      `ssh $O -p ${h.port} -o ControlPath=${control(h)} -O exit ${setup.user}@${h.address} 2>/dev/null; wait $m${i}`
    );
  });
  lines.push('exit $fail');
  const script = join(setup.dir, 'openssh-bench.sh');
  writeFileSync(script, lines.join('\n') + '\n', { mode: 0o755 });
  return { name: 'OpenSSH client, ControlMaster', argv: ['sh', script] };
}

export function ansibleVersion(): string | undefined {
  try {
    return execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

export function ansibleContender(setup: BenchSetup): Contender & { env: NodeJS.ProcessEnv } {
  const dir = join(setup.dir, 'ansible');
  mkdirSync(join(dir, 'cp'), { recursive: true });
  const inventory = [
    '[bench]',
    ...setup.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`),
  ];
  inventory.push('[bench:vars]', `ansible_user=${setup.user}`, `ansible_ssh_private_key_file=${setup.keyPath}`);
  writeFileSync(join(dir, 'hosts.ini'), inventory.join('\n') + '\n');
  const tasks = Array.from({ length: setup.steps }, (_, i) => `    - ansible.builtin.command: echo step-${i + 1}`);
  writeFileSync(
    join(dir, 'play.yml'),
    ['- hosts: bench', '  gather_facts: false', '  tasks:', ...tasks].join('\n') + '\n'
  );
  const config = [
    '[defaults]',
    `forks = ${setup.hosts.length}`,
    'host_key_checking = True',
    'interpreter_python = /usr/bin/python3',
    `local_tmp = ${join(dir, 'tmp')}`,
    'retry_files_enabled = False',
    '[ssh_connection]',
    'pipelining = True',
    `ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${setup.knownHostsPath} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`,
    `control_path_dir = ${join(dir, 'cp')}`,
  ];
  writeFileSync(join(dir, 'ansible.cfg'), config.join('\n') + '\n');
  return {
    name: 'ansible-playbook (forks=N, pipelining, ControlPersist)',
    argv: ['ansible-playbook', '-i', join(dir, 'hosts.ini'), join(dir, 'play.yml')],
    env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
  };
}

/** Ends Ansible's ControlPersist masters (they outlive the run by design). */
export function stopAnsibleMasters(setup: BenchSetup): void {
  const cp = join(setup.dir, 'ansible', 'cp');
  try {
    execFileSync('sh', [
      '-c',
      `for s in ${cp}/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit x 2>/dev/null; done; true`,
    ]);
  } catch {
    // Nothing to stop.
  }
}
