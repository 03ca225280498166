/** `runbook inventory show [-i FILE]`: the hosts (site, address, port, user, groups), then the VMs per site. */
import { SITE_ROLES, type Inventory } from '../inventory/types';
import { formatBytes } from '../shared/bytes';
import { formatTable } from './run-format';

const HOST_HEADER = ['HOST', 'SITE', 'ADDRESS', 'PORT', 'USER', 'GROUPS'] as const;
const VM_HEADER = ['VM', 'MEMORY', 'HA', 'PRIORITY', 'LEASE'] as const;

export function formatInventory(inventory: Inventory): string {
  const hostRows = Object.values(inventory.hosts).map((host) => [
    host.name,
    host.site
      ? `${host.site}${inventory.sites[host.site].name !== host.site ? ` (${inventory.sites[host.site].name})` : ''}`
      : '-',
    host.address,
    String(host.port),
    host.become ? `${host.user} (sudo)` : host.user,
    groupsOf(inventory, host.name).join(', ') || '-',
  ]);
  const engine = `engine: ${inventory.engine.kind} at ${inventory.engine.url}${inventory.engine.host ? ` (host ${inventory.engine.host})` : ''}`;
  const sections = [`inventory ${inventory.name} (${inventory.path})\n${engine}\n`, formatTable(HOST_HEADER, hostRows)];
  for (const role of SITE_ROLES) {
    const vms = inventory.vms.filter((vm) => vm.site === role);
    const rows = vms.map((vm) => [
      vm.name,
      formatBytes(vm.memory),
      vm.highAvailability ? 'yes' : 'no',
      String(vm.priority),
      vm.lease ?? '-',
    ]);
    sections.push(
      `VMs on ${role} (${inventory.sites[role].name}):\n${rows.length > 0 ? formatTable(VM_HEADER, rows) : '  none\n'}`
    );
  }
  return sections.join('\n');
}

function groupsOf(inventory: Inventory, host: string): string[] {
  return Object.entries(inventory.groups).flatMap(([group, members]) => (members.includes(host) ? [group] : []));
}
