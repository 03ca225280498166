/**
 * hosted-engine --deploy --config-append=FILE (the first hosted-engine host: the engine world then runs the engine
 * VM on it) and --vm-status (from the lab's engine world when it is wired, else from what the hosts know).
 */
import { posix } from 'node:path';
import { makeDirectory, ROOT_UID, writeFileAt } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import type { HostedEngineHostStatus, HostState } from '../types';
import { answerOrPrompt, readAnswerFiles } from './answer-file';
import { fail, isRoot, printLine } from './output';

export const HOSTED_ENGINE_CONF = '/etc/ovirt-hosted-engine/hosted-engine.conf';
const HE_SERVICES = ['vdsmd', 'supervdsmd', 'libvirtd', 'ovirt-ha-agent', 'ovirt-ha-broker'];
const MAX_SCORE = 3400;

function deployError(ctx: CommandContext, message: string): number {
  return fail(
    ctx,
    `[ ERROR ] ${message}\n[ ERROR ] Hosted Engine deployment failed\n          Log file is located at /var/log/ovirt-hosted-engine-setup/ovirt-hosted-engine-setup-lab.log`
  );
}

async function deploy(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { host } = ctx;
  printLine(
    ctx,
    '[ INFO  ] Stage: Initializing\n[ INFO  ] Stage: Environment setup\n          During customization use CTRL-D to abort.'
  );
  if (!isRoot(ctx)) return deployError(ctx, 'hosted-engine must be run as root');
  if (host.state.hostedEngineDeployedAt !== undefined)
    return deployError(ctx, `Hosted Engine is already deployed on ${host.name}`);
  const read = readAnswerFiles(ctx, args);
  if ('error' in read) return deployError(ctx, read.error);
  const password = await answerOrPrompt(
    ctx,
    read.answers,
    'OVEHOSTED_ENGINE/adminPassword',
    'Enter engine admin password'
  );
  if (!password) return deployError(ctx, "Failed to execute stage 'Environment customization': End of file");
  const fqdn = read.answers['OVEHOSTED_NETWORK/fqdn'] ?? `engine.${host.world.domain}`;
  const answers = { ...read.answers, 'OVEHOSTED_ENGINE/adminPassword': password };
  const refusal = host.world.hooks.onHostedEngineDeployed?.(host.name, answers);
  if (refusal !== undefined) return deployError(ctx, refusal);
  printLine(
    ctx,
    [
      '[ INFO  ] Stage: Setup validation',
      '[ INFO  ] Stage: Transaction setup',
      '[ INFO  ] Stage: Closing up',
      '[ INFO  ] Starting local VM',
      '[ INFO  ] Creating Storage Domain',
      '[ INFO  ] Creating Target VM',
      '[ INFO  ] Starting ovirt-ha-agent',
      `[ INFO  ] Hosted Engine successfully deployed (engine VM ${fqdn})`,
    ].join('\n')
  );
  writeHostedEngineConfiguration(host.state, host.name, fqdn);
  host.state.hostedEngineDeployedAt = new Date().toISOString();
  host.world.markChanged();
  host.world.emit({ kind: 'hosted-engine-deployed', host: host.name });
  return 0;
}

/** The host-side traces of a hosted-engine host: its configuration and running HA services. */
export function writeHostedEngineConfiguration(state: HostState, hostName: string, fqdn: string): void {
  makeDirectory(state, posix.dirname(HOSTED_ENGINE_CONF), { uid: ROOT_UID, isRecursive: true });
  const text = `fqdn=${fqdn}\nvm_disk_id=5b3c1e2a-lab0-4c1d-9a3e-${hostName.padEnd(12, '0').slice(0, 12)}\nhost_id=1\nconsole=vnc\ndomainType=nfs\nspUUID=00000000-0000-0000-0000-000000000000\n`;
  writeFileAt(state, HOSTED_ENGINE_CONF, Buffer.from(text), { uid: ROOT_UID, mode: 0o644 });
  for (const service of HE_SERVICES) {
    const unit = state.services[service];
    if (unit) Object.assign(unit, { isEnabled: true, isActive: true });
  }
}

/** What removing the hosted-engine agent leaves: no configuration, the HA services stopped and disabled. */
export function removeHostedEngineConfiguration(state: HostState): void {
  delete state.files[HOSTED_ENGINE_CONF];
  for (const service of ['ovirt-ha-agent', 'ovirt-ha-broker']) {
    const unit = state.services[service];
    if (unit) Object.assign(unit, { isEnabled: false, isActive: false });
  }
}

function vmStatus(ctx: CommandContext, isJson: boolean): number {
  if (ctx.host.state.files[HOSTED_ENGINE_CONF] === undefined) {
    return fail(
      ctx,
      'The hosted engine configuration has not been retrieved from shared storage. Please ensure that ovirt-ha-agent is running and the storage server is reachable.'
    );
  }
  const statuses = ctx.host.world.hooks.hostedEngineStatus?.() ?? statusFromHosts(ctx);
  if (isJson) {
    const entries = statuses.map((status) => [
      String(status.hostId),
      {
        'host-id': status.hostId,
        hostname: status.host,
        score: status.score,
        'engine-status': engineStatus(status),
        maintenance: status.isLocalMaintenance,
        live_data: true,
      },
    ]);
    printLine(ctx, JSON.stringify({ ...Object.fromEntries(entries), global_maintenance: false }));
    return 0;
  }
  for (const status of statuses) {
    printLine(ctx, `\n\n--== Host ${status.host} (id: ${status.hostId}) status ==--\n`);
    const rows: [string, string][] = [
      ['Host ID', String(status.hostId)],
      ['Host timestamp', '4242'],
      ['Score', String(status.score)],
      ['Engine status', JSON.stringify(engineStatus(status)).replace(/,/g, ', ').replace(/":/g, '": ')],
      ['Hostname', status.host],
      ['Local maintenance', status.isLocalMaintenance ? 'True' : 'False'],
      ['stopped', 'False'],
      ['Status up-to-date', 'True'],
    ];
    for (const [label, value] of rows) printLine(ctx, `${label.padEnd(35)}: ${value}`);
  }
  return 0;
}

function engineStatus(status: HostedEngineHostStatus): Record<string, string> {
  return status.isEngineUp
    ? { vm: 'up', health: 'good', detail: 'Up', reason: '' }
    : { vm: 'down_unexpected', health: 'bad', detail: 'Down', reason: 'bad vm status' };
}

/** Without a world: every deployed, powered-on host reports; the earliest deployed one runs the engine VM. */
function statusFromHosts(ctx: CommandContext): HostedEngineHostStatus[] {
  const world = ctx.host.world;
  const deployed = Object.entries(world.states)
    .filter(([name, state]) => state.files[HOSTED_ENGINE_CONF] !== undefined && world.isPoweredOn(name))
    .sort(([, a], [, b]) => (a.hostedEngineDeployedAt ?? '~').localeCompare(b.hostedEngineDeployedAt ?? '~'));
  return deployed.map(([name], index) => ({
    host: name,
    hostId: index + 1,
    score: MAX_SCORE,
    isEngineUp: index === 0,
    isLocalMaintenance: false,
  }));
}

function hostedEngine(ctx: CommandContext, args: readonly string[]): Promise<number> | number {
  if (args.includes('--deploy')) return deploy(ctx, args);
  if (args.includes('--vm-status')) return vmStatus(ctx, args.includes('--json'));
  return fail(
    ctx,
    `hosted-engine: the lab simulates only --deploy and --vm-status (got: ${args.join(' ') || 'nothing'})`
  );
}

export const HOSTED_ENGINE_COMMANDS: Record<string, CommandHandler> = { 'hosted-engine': hostedEngine };
