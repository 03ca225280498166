/** The lab's one network rule: it binds and connects only to loopback addresses (127.0.0.0/8). */
import { isIPv4 } from 'node:net';
import type { Inventory } from '../../inventory/types';
import { LabHostsError, LabHostsErrorCode } from './errors';

export function isLoopbackAddress(address: string): boolean {
  return isIPv4(address) && address.split('.')[0] === '127';
}

/** Throws one error naming every inventory host whose address is not a loopback address. */
export function assertLoopbackInventory(inventory: Inventory): void {
  const offenders = Object.values(inventory.hosts).filter((host) => !isLoopbackAddress(host.address));
  if (offenders.length === 0) return;
  const list = offenders.map((host) => `${host.name} (${host.address})`).join(', ');
  throw new LabHostsError(`the lab refuses to start: ${list} not in 127.0.0.0/8`, {
    code: LabHostsErrorCode.NON_LOOPBACK,
    ...(offenders.length === 1 ? { host: offenders[0]?.name } : {}),
    hint: `give every lab host a loopback address such as 127.10.1.11 in ${inventory.path}; the lab never binds or connects to other addresses`,
  });
}
