/** Text for `runbook lab`: the status picture (sites, hosts, SPM, power, VMs) and the start banner. */
import type { Endpoint } from '../lab/hosts';
import type { LabHostView, LabStatus } from '../lab/status';

export function renderLabStatus(status: LabStatus): string {
  const state = status.isRunning ? `running, engine ${status.engineUrl ?? '?'}` : 'stopped (state saved)';
  const lines = [
    `lab "${status.name}": ${state}`,
    `virtual time ${status.virtualTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, data center ${status.dataCenterStatus}`,
  ];
  if (!status.isEngineUp)
    lines.push('engine down: its VM is being restarted by the hosted-engine agents (API refused)');
  const width = Math.max(
    8,
    ...[...status.sites.flatMap((site) => site.hosts), ...status.otherMachines].map((host) => host.name.length)
  );
  const vmStatus = new Map(status.vms.map((vm) => [vm.name, vm.status]));
  const describeVm = (name: string): string =>
    vmStatus.get(name) === 'up' ? name : `${name} (${vmStatus.get(name) ?? '?'})`;
  for (const site of status.sites) {
    lines.push('', `${site.name} (${site.role})`);
    for (const host of site.hosts) lines.push(renderHost(host, width, describeVm));
  }
  if (status.otherMachines.length > 0) {
    lines.push('', 'outside the cluster');
    for (const host of status.otherMachines) lines.push(renderHost(host, width, describeVm));
  }
  const idle = status.vms.filter((vm) => vm.host === undefined);
  if (idle.length > 0) lines.push('', `not placed: ${idle.map((vm) => `${vm.name} (${vm.status})`).join(', ')}`);
  return lines.join('\n') + '\n';
}

function renderHost(host: LabHostView, width: number, describeVm: (name: string) => string): string {
  const power = host.isPoweredOn ? '   ' : 'OFF';
  const spm = host.isSpm ? 'SPM' : '   ';
  const vms = host.vms.length > 0 ? host.vms.map(describeVm).join(', ') : '-';
  return `  ${host.name.padEnd(width)}  ${power}  ${host.status.padEnd(26)} ${spm}  ${vms}`;
}

export interface StartBanner {
  engineUrl: string;
  username: string;
  passwordFile: string;
  endpoints: Record<string, Endpoint>;
  clientKeyPath: string;
  knownHostsPath: string;
  stateDir: string;
  isDetached: boolean;
  pid: number;
}

export function renderStartBanner(banner: StartBanner): string {
  const names = Object.keys(banner.endpoints);
  const width = Math.max(...names.map((name) => name.length));
  const first = names[0] ?? 'kvm-a1';
  const firstEndpoint = banner.endpoints[first];
  const lines = [
    `lab started (pid ${banner.pid}); state in ${banner.stateDir}`,
    `engine API   ${banner.engineUrl}  (${banner.username}, password in ${banner.passwordFile})`,
    'SSH hosts:',
    ...names.map(
      (name) => `  ${name.padEnd(width)}  ${banner.endpoints[name]?.address}:${banner.endpoints[name]?.port}`
    ),
    `SSH key      ${banner.clientKeyPath}`,
    `known_hosts  ${banner.knownHostsPath}`,
    `try:         ssh -i ${banner.clientKeyPath} -o UserKnownHostsFile=${banner.knownHostsPath} -p ${firstEndpoint?.port} root@${firstEndpoint?.address} rpm -q vdsm`,
    banner.isDetached
      ? 'stop it with `runbook lab stop`'
      : 'press Ctrl-C to stop (the state is kept; `runbook lab reset` starts over)',
  ];
  return lines.join('\n') + '\n';
}
