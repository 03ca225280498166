/**
 * The lab's network as the hosts report it: round trips between hosts (intra-site fast, inter-site the lab's
 * latency) and each host's management address and prefix. By default one prefix holds every host, so both sites
 * share one L2 segment; per-site subnets can split them to show a failing L2 check.
 */
import type { Inventory } from '../../inventory/types';
import { LabHostsError, LabHostsErrorCode } from './errors';
import type { SiteSubnets } from './types';

export const INTRA_SITE_RTT_MS = 0.2;
export const SAME_HOST_RTT_MS = 0.04;
const MAX_DEFAULT_PREFIX = 24;

export interface InterfaceAddress {
  address: string;
  prefixLength: number;
  broadcast: string;
}

export interface Topology {
  latencyMs: number;
  roundTripMs(from: string, to: string): number;
  managementAddress(host: string): InterfaceAddress;
}

export function buildTopology(inventory: Inventory, latencyMs: number, subnets: SiteSubnets): Topology {
  const parsedSubnets = parseSubnets(subnets);
  const defaultPrefix = commonPrefixLength(Object.values(inventory.hosts).map((host) => toNumber(host.address)));
  return {
    latencyMs,
    roundTripMs(from, to) {
      if (from === to) return SAME_HOST_RTT_MS;
      const [a, b] = [inventory.hosts[from]?.site, inventory.hosts[to]?.site];
      return a === undefined || b === undefined || a === b ? INTRA_SITE_RTT_MS : latencyMs;
    },
    managementAddress(host) {
      const entry = inventory.hosts[host];
      const address = toNumber(entry?.address ?? '127.0.0.1');
      const subnet = entry?.site ? parsedSubnets[entry.site] : undefined;
      const prefixLength = subnet?.prefixLength ?? defaultPrefix;
      const network = subnet?.network ?? (address & prefixMask(prefixLength)) >>> 0;
      const local = (network | (address & ~prefixMask(prefixLength))) >>> 0;
      return { address: toText(local), prefixLength, broadcast: toText((local | ~prefixMask(prefixLength)) >>> 0) };
    },
  };
}

interface Subnet {
  network: number;
  prefixLength: number;
}

function parseSubnets(subnets: SiteSubnets): Partial<Record<string, Subnet>> {
  const parsed: Partial<Record<string, Subnet>> = {};
  for (const [site, cidr] of Object.entries(subnets)) {
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr ?? '');
    const prefixLength = Number(match?.[2]);
    if (!match?.[1] || prefixLength > 30 || match[1].split('.').some((octet) => Number(octet) > 255)) {
      throw new LabHostsError(`lab subnet for site ${site} is not an IPv4 CIDR: "${cidr}"`, {
        code: LabHostsErrorCode.BAD_OPTION,
        hint: 'write subnets like 127.10.1.0/24',
      });
    }
    parsed[site] = { network: (toNumber(match[1]) & prefixMask(prefixLength)) >>> 0, prefixLength };
  }
  return parsed;
}

/** The longest prefix shared by all addresses, at most /24. */
function commonPrefixLength(addresses: number[]): number {
  let length = MAX_DEFAULT_PREFIX;
  const first = addresses[0] ?? 0;
  while (length > 0 && addresses.some((address) => ((address ^ first) & prefixMask(length)) !== 0)) length -= 1;
  return length;
}

function prefixMask(length: number): number {
  return length === 0 ? 0 : (~0 << (32 - length)) >>> 0;
}

function toNumber(address: string): number {
  return address.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
}

function toText(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/** Whether two interface addresses are on the same IPv4 subnet (same prefix length and network). */
export function isSameSubnet(a: InterfaceAddress, b: InterfaceAddress): boolean {
  const mask = prefixMask(a.prefixLength);
  return a.prefixLength === b.prefixLength && ((toNumber(a.address) ^ toNumber(b.address)) & mask) === 0;
}

/** The network address of an interface's subnet, e.g. 127.10.0.0 for 127.10.1.11/16. */
export function networkOf(address: InterfaceAddress): string {
  return toText((toNumber(address.address) & prefixMask(address.prefixLength)) >>> 0);
}
