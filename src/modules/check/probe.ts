/**
 * Read-only probes of the cluster hosts over SSH (allowed in dry-run), run concurrently, with their output
 * parsed: `ping -c N -q` round trips and `ip -j addr` interface addresses.
 */
import type { HostEntry } from '../../inventory/types';
import type { ExecResult } from '../../ssh/types';
import { quoteShellWord } from '../../ssh/quote';
import type { ModuleContext } from '../types';

/** Runs `command` on `host` as a read-only probe. */
export async function probeHost(ctx: ModuleContext, host: HostEntry, command: string): Promise<ExecResult> {
  const session = await ctx.services.ssh(host);
  return session.exec(command, { isReadOnly: true, signal: ctx.signal });
}

export interface RoundTrip {
  from: string;
  to: string;
  /** Undefined when no reply came back. */
  avgMs?: number;
  maxMs?: number;
  loss?: string;
}

export function pingCommand(address: string, count: number): string {
  return `ping -c ${count} -q ${quoteShellWord(address)}`;
}

/** `rtt min/avg/max/mdev = 0.1/0.2/0.3/0.0 ms` and `3 packets transmitted, 3 received, 0% packet loss`. */
export function parsePing(from: string, to: string, output: string): RoundTrip {
  const rtt = /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(output);
  const loss = /(\d+(?:\.\d+)?)% packet loss/.exec(output)?.[1];
  return {
    from,
    to,
    ...(rtt ? { avgMs: Number(rtt[2]), maxMs: Number(rtt[3]) } : {}),
    ...(loss !== undefined ? { loss: `${loss}%` } : {}),
  };
}

export interface InterfaceAddress {
  ifname: string;
  address: string;
  prefixLength: number;
  broadcast?: string;
}

interface IpLink {
  ifname?: string;
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number; broadcast?: string; scope?: string }>;
}

/** Every global IPv4 address of `ip -j addr` output; throws SyntaxError on output that is not its JSON. */
export function parseIpAddr(output: string): InterfaceAddress[] {
  const links = JSON.parse(output) as IpLink[];
  if (!Array.isArray(links)) throw new SyntaxError('ip -j addr did not print a list');
  return links.flatMap((link) =>
    (link.addr_info ?? [])
      .filter((info) => info.family === 'inet' && info.scope !== 'host' && info.local !== undefined)
      .map((info) => ({
        ifname: link.ifname ?? '?',
        address: info.local as string,
        prefixLength: info.prefixlen ?? 32,
        ...(info.broadcast !== undefined ? { broadcast: info.broadcast } : {}),
      }))
  );
}

/** The management address: the one the inventory names, else on ovirtmgmt, else the first global one. */
export function managementAddress(addresses: readonly InterfaceAddress[], inventoryAddress: string) {
  return (
    addresses.find((a) => a.address === inventoryAddress) ??
    addresses.find((a) => a.ifname === 'ovirtmgmt') ??
    addresses[0]
  );
}

function toNumber(address: string): number {
  return address.split('.').reduce((value, octet) => ((value << 8) | Number(octet)) >>> 0, 0);
}

/** `10.10.1.0/24` for 10.10.1.11/24. */
export function subnetOf(address: InterfaceAddress): string {
  const mask = address.prefixLength === 0 ? 0 : (~0 << (32 - address.prefixLength)) >>> 0;
  const network = (toNumber(address.address) & mask) >>> 0;
  const text = [24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.');
  return `${text}/${address.prefixLength}`;
}
