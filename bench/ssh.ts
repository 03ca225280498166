/**
 * `npm run bench -- ssh [--hosts N] [--steps T] [--runs R] [--no-write]`: N hosts (one real sshd per loopback
 * address) x T steps of ssh.command, against raw OpenSSH with ControlMaster (the near-limit baseline) and
 * ansible-playbook (when installed). Wall time and client CPU are medians of R interleaved runs, each contender a
 * child process under /usr/bin/time. Writes the table into docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeHost, makeInventory } from '../test/helpers/inventory';
import type { SshdHandle } from '../test/helpers/sshd-process';
import {
  createKeyPair,
  ensureTestUser,
  isRoot,
  makeTempDir,
  publicKeyLine,
  sshdMissingReason,
  startSshd,
} from '../test/helpers/sshd-process';
import { describeMachine, replaceSection } from './_doc-section';
import type { Measurement } from './_measure';
import { hasTimeCommand, measure, median } from './_measure';
import type { BenchSetup, Contender } from './_ssh-contenders';
import {
  runbookExecContender,
  ansibleContender,
  ansibleVersion,
  openSshContender,
  runbookContender,
  stopAnsibleMasters,
} from './_ssh-contenders';

interface Options {
  hosts: number;
  steps: number;
  runs: number;
  isWriting: boolean;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  return {
    hosts: value('--hosts', 20),
    steps: value('--steps', 10),
    runs: value('--runs', 3),
    isWriting: !args.includes('--no-write'),
  };
}

/**
 * The login user: as root, the dedicated runbook-test user, whose shell is /bin/sh with no startup files, so the
 * hosts answer like lean servers (root's bash here sources a pyenv init that costs far more than the SSH work).
 */
function benchUser(): string {
  return isRoot() ? ensureTestUser().user : (process.env.USER ?? 'root');
}

async function startHosts(count: number, dir: string): Promise<{ sshds: SshdHandle[]; setup: BenchSetup }> {
  const keyPath = createKeyPair(dir);
  chmodSync(dir, 0o755); // the login user reads nothing here, but ssh-keygen made it private
  const user = benchUser();
  const addresses = Array.from({ length: count }, (_, i) => `127.0.8.${i + 1}`);
  const sshds: SshdHandle[] = [];
  for (const address of addresses) sshds.push(await startSshd({ address, authorizedKeys: [publicKeyLine(keyPath)] }));
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, sshds.map((s) => s.knownHostsLine).join('\n') + '\n');
  const hosts = sshds.map((s, i) => ({ name: `kvm-${i + 1}`, address: s.address, port: s.port }));
  const inventory = makeInventory({
    hosts: Object.fromEntries(
      hosts.map((h) => [h.name, makeHost(h.name, undefined, { ...h, user, auth: { keyFile: keyPath } })])
    ),
    ssh: { user, hostKeyChecking: 'strict', connectTimeoutMs: 30_000, knownHosts: knownHostsPath },
  });
  return { sshds, setup: { dir, keyPath, knownHostsPath, hosts, steps: 0, user, inventory } };
}

async function main(args: string[]): Promise<number> {
  const options = parseOptions(args);
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  }); // bin/runbook.js runs dist/
  const missing =
    sshdMissingReason() ?? (hasTimeCommand() ? undefined : '/usr/bin/time is missing (apt-get install time)');
  if (missing) throw new Error(`cannot run the SSH benchmark: ${missing}`);
  const machine = [describeMachine(), ...describeTools()];
  const dir = makeTempDir('runbook-bench-ssh-');
  const { sshds, setup: base } = await startHosts(options.hosts, dir);
  const setup = { ...base, steps: options.steps };
  const stopAll = () => void Promise.all(sshds.map((s) => s.stop())).then(() => process.kill(process.pid, 'SIGKILL'));
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    const contenders: Array<Contender & { after?: () => void }> = [
      runbookExecContender(setup),
      openSshContender(setup),
      runbookContender(setup),
    ];
    if (ansibleVersion()) contenders.push({ ...ansibleContender(setup), after: () => stopAnsibleMasters(setup) });
    const samples = new Map<string, Measurement[]>(contenders.map((c) => [c.name, []]));
    for (let run = 1; run <= options.runs; run++) {
      for (const contender of contenders) {
        const m = await measure(contender.argv, contender.env);
        contender.after?.();
        samples.get(contender.name)?.push(m);
        console.log(`run ${run}: ${contender.name}: wall ${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s`);
      }
    }
    const body = summarize(
      options,
      setup.user,
      contenders.map((c) => c.name),
      samples,
      machine
    );
    console.log('\n' + body);
    if (options.isWriting) replaceSection(join(process.cwd(), 'docs', 'benchmarks.md'), 'ssh', body);
    return 0;
  } finally {
    await Promise.all(sshds.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(
  options: Options,
  user: string,
  names: string[],
  samples: Map<string, Measurement[]>,
  machine: string[]
): string {
  const med = (name: string | undefined) => {
    const list = (name && samples.get(name)) || [];
    return { wall: median(list.map((m) => m.wall)), cpu: median(list.map((m) => m.cpu)) };
  };
  const ours = med(names[0]); // runbook exec
  const rows = names.map((name) => {
    const m = med(name);
    return [name, m.wall.toFixed(2), m.cpu.toFixed(2), (m.wall / ours.wall).toFixed(2), (m.cpu / ours.cpu).toFixed(2)];
  });
  const table = markdownTable(['contender', 'wall s', 'client CPU s', 'wall / runbook', 'CPU / runbook'], rows);
  const raw = med(names[1]);
  const ansibleName = names.find((n) => n.startsWith('ansible'));
  const ansible = ansibleName ? med(ansibleName) : undefined;
  const goals = [
    goal(`wall within 1.1x of raw OpenSSH: ${(ours.wall / raw.wall).toFixed(2)}x`, ours.wall <= 1.1 * raw.wall),
    ...(ansible
      ? [
          goal(
            `at least 2x faster than Ansible: ${(ansible.wall / ours.wall).toFixed(2)}x`,
            ansible.wall >= 2 * ours.wall
          ),
          goal(
            `client CPU at most 1/5 of Ansible's: ${(ours.cpu / ansible.cpu).toFixed(2)}`,
            ours.cpu <= ansible.cpu / 5
          ),
        ]
      : ['- Ansible goals: not measured (ansible-playbook is not installed; `apt-get install ansible`)']),
  ];
  const rawPerProcessMs = (1000 * raw.cpu) / (options.hosts * (options.steps + 2));
  return [
    '## SSH: N hosts x T steps of `ssh.command` (`npm run bench -- ssh`)',
    '',
    `${options.hosts} hosts (one OpenSSH sshd each on 127.0.8.x, login user \`${user}\`) x ${options.steps} steps of \`echo step-i\`, steps in lock-step across hosts.`,
    `Median of ${options.runs} interleaved runs; each contender is a child process under \`/usr/bin/time\` (wall, user + system CPU of the process and the children it waited for).`,
    `Generated ${new Date().toISOString()} by \`npm run bench -- ssh --hosts ${options.hosts} --steps ${options.steps} --runs ${options.runs}\`.`,
    '',
    table,
    '',
    'Goals:',
    ...goals,
    '',
    'Notes:',
    `- runbook sends every command as a channel on one open connection per host, from one process; the OpenSSH`,
    `  baseline starts one \`ssh\` client process per command (here about ${rawPerProcessMs.toFixed(0)} ms of CPU each), so on this`,
    '  2-core machine it ends up slower than runbook rather than a limit runbook approaches.',
    '- The goals are judged on `runbook exec`: the CLI loads and checks the runbook and inventory, the engine plans and',
    '  applies every step x host, emits events, renders progress and fsyncs the journal, strict known_hosts checking.',
    '  "SshPool + ssh.command alone" drives the same module without the engine, to show what the engine adds.',
    "- Ansible's ControlPersist masters detach from ansible-playbook, so their CPU is not counted: its CPU figure is a",
    '  lower bound (the comparison favours Ansible).',
    '- The hosts log in as `runbook-test` (login shell /bin/sh, no startup files): root on this machine runs a pyenv',
    '  init from ~/.bashrc for every SSH session, which costs more than the SSH work and would hide the clients.',
    '',
    'Machine:',
    ...machine.map((m) => `- ${m}`),
  ].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The client tools' versions and the load, which matters on a shared machine. */
function describeTools(): string[] {
  const ssh = execFileSync('sh', ['-c', 'ssh -V 2>&1'], { encoding: 'utf8' }).trim();
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown OS';
  return [
    `${os}; ${ssh}; ${ansibleVersion() ?? 'ansible not installed'}`,
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (the machine is shared with other work)`,
  ];
}

function goal(text: string, isMet: boolean): string {
  return `- ${isMet ? 'met' : 'MISSED'}: ${text}`;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
);
