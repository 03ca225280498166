/**
 * `ip [-j] [-4|-6] addr|link|route [show [dev IF]]` shaped like iproute2. Before the engine deploys a host its
 * address sits on eth0; afterwards eth0 is a port of the ovirtmgmt bridge, which carries the address.
 */
import { createHash } from 'node:crypto';
import { networkOf, type InterfaceAddress } from '../topology';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, printLine } from './output';

const FOREVER = 4294967295;

interface AddressInfo {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  broadcast?: string;
  scope: 'host' | 'global' | 'link';
  label?: string;
  valid_life_time: number;
  preferred_life_time: number;
}

interface Link {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  qdisc: string;
  master?: string;
  operstate: string;
  group: 'default';
  txqlen: number;
  link_type: string;
  address: string;
  broadcast: string;
  addr_info: AddressInfo[];
}

function macOf(hostName: string): string {
  const digest = createHash('sha256').update(hostName).digest();
  return ['52', '54', '00', ...[0, 1, 2].map((index) => (digest[index] ?? 0).toString(16).padStart(2, '0'))].join(':');
}

function linkLocal(mac: string): string {
  const [, , , d = '00', e = '00', f = '00'] = mac.split(':');
  return `fe80::5054:ff:fe${d}:${e}${f}`.replace(/:0+([0-9a-f])/g, ':$1');
}

export function hostLinks(ctx: CommandContext): Link[] {
  const host = ctx.host;
  const management = host.world.topology.managementAddress(host.name);
  const isBridged = host.state.hostDeployedAt !== undefined || host.state.hostedEngineDeployedAt !== undefined;
  const mac = macOf(host.name);
  const addressesOf = (label: string): AddressInfo[] => [
    inet(management, label),
    {
      family: 'inet6',
      local: linkLocal(mac),
      prefixlen: 64,
      scope: 'link',
      valid_life_time: FOREVER,
      preferred_life_time: FOREVER,
    },
  ];
  const loopback: Link = {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    group: 'default',
    txqlen: 1000,
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    broadcast: '00:00:00:00:00:00',
    addr_info: [
      {
        family: 'inet',
        local: '127.0.0.1',
        prefixlen: 8,
        scope: 'host',
        label: 'lo',
        valid_life_time: FOREVER,
        preferred_life_time: FOREVER,
      },
      {
        family: 'inet6',
        local: '::1',
        prefixlen: 128,
        scope: 'host',
        valid_life_time: FOREVER,
        preferred_life_time: FOREVER,
      },
    ],
  };
  const ether = (
    ifindex: number,
    ifname: string,
    qdisc: string,
    master: string | undefined,
    addrInfo: AddressInfo[]
  ): Link => ({
    ifindex,
    ifname,
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    qdisc,
    ...(master ? { master } : {}),
    operstate: 'UP',
    group: 'default',
    txqlen: 1000,
    link_type: 'ether',
    address: mac,
    broadcast: 'ff:ff:ff:ff:ff:ff',
    addr_info: addrInfo,
  });
  if (!isBridged) return [loopback, ether(2, 'eth0', 'fq_codel', undefined, addressesOf('eth0'))];
  return [
    loopback,
    ether(2, 'eth0', 'fq_codel', 'ovirtmgmt', []),
    ether(3, 'ovirtmgmt', 'noqueue', undefined, addressesOf('ovirtmgmt')),
  ];
}

function inet(management: InterfaceAddress, label: string): AddressInfo {
  return {
    family: 'inet',
    local: management.address,
    prefixlen: management.prefixLength,
    broadcast: management.broadcast,
    scope: 'global',
    label,
    valid_life_time: FOREVER,
    preferred_life_time: FOREVER,
  };
}

interface IpOptions {
  isJson: boolean;
  family?: 'inet' | 'inet6';
  object: string;
  device?: string;
}

function readOptions(args: readonly string[]): IpOptions | string {
  const options: IpOptions = { isJson: false, object: '' };
  const rest = [...args];
  while (rest[0]?.startsWith('-')) {
    const flag = rest.shift() as string;
    if (/^-j(son)?$/.test(flag)) options.isJson = true;
    else if (flag === '-4') options.family = 'inet';
    else if (flag === '-6') options.family = 'inet6';
    else if (!/^-(p|pretty|d|details|s|stats)$/.test(flag)) return `Option "${flag}" is unknown, try "ip -help".`;
  }
  options.object = rest.shift() ?? '';
  const devIndex = rest.indexOf('dev');
  if (devIndex >= 0) options.device = rest[devIndex + 1];
  else if (rest[0] === 'show' && rest[1]) options.device = rest[1];
  return options;
}

function ip(ctx: CommandContext, args: readonly string[]): number {
  const options = readOptions(args);
  if (typeof options === 'string') return fail(ctx, options, 255);
  const object = ['a', 'addr', 'address'].includes(options.object)
    ? 'addr'
    : ['l', 'link'].includes(options.object)
      ? 'link'
      : ['r', 'ro', 'route'].includes(options.object)
        ? 'route'
        : undefined;
  if (!object) return fail(ctx, `Object "${options.object}" is unknown, try "ip help".`, 255);
  if (object === 'route') return showRoutes(ctx, options);
  let links = hostLinks(ctx);
  if (options.device !== undefined) {
    links = links.filter((link) => link.ifname === options.device);
    if (links.length === 0) return fail(ctx, `Device "${options.device}" does not exist.`, 1);
  }
  links = links.map((link) => ({
    ...link,
    addr_info:
      object === 'link' ? [] : link.addr_info.filter((info) => !options.family || info.family === options.family),
  }));
  if (options.family && object === 'addr') links = links.filter((link) => link.addr_info.length > 0);
  if (options.isJson)
    printLine(ctx, JSON.stringify(object === 'link' ? links.map(({ addr_info: _, ...link }) => link) : links));
  else for (const link of links) printLine(ctx, renderLinkText(link));
  return 0;
}

function renderLinkText(link: Link): string {
  const master = link.master ? ` master ${link.master}` : '';
  const lines = [
    `${link.ifindex}: ${link.ifname}: <${link.flags.join(',')}> mtu ${link.mtu} qdisc ${link.qdisc}${master} state ${link.operstate} group default qlen ${link.txqlen}`,
    `    link/${link.link_type} ${link.address} brd ${link.broadcast}`,
  ];
  for (const info of link.addr_info) {
    const brd = info.broadcast ? ` brd ${info.broadcast}` : '';
    lines.push(
      `    ${info.family} ${info.local}/${info.prefixlen}${brd} scope ${info.scope}${info.label ? ` ${info.label}` : ''}`,
      '       valid_lft forever preferred_lft forever'
    );
  }
  return lines.join('\n');
}

function showRoutes(ctx: CommandContext, options: IpOptions): number {
  const management = ctx.host.world.topology.managementAddress(ctx.host.name);
  const device = hostLinks(ctx).some((link) => link.ifname === 'ovirtmgmt') ? 'ovirtmgmt' : 'eth0';
  const network = networkOf(management);
  const gateway = network.replace(/\d+$/, (last) => String(Number(last) + 1));
  const routes = [
    { dst: 'default', gateway, dev: device, protocol: 'static', metric: 100, flags: [] },
    {
      dst: `${network}/${management.prefixLength}`,
      dev: device,
      protocol: 'kernel',
      scope: 'link',
      prefsrc: management.address,
      metric: 100,
      flags: [],
    },
  ];
  if (options.isJson) printLine(ctx, JSON.stringify(routes));
  else {
    printLine(ctx, `default via ${gateway} dev ${device} proto static metric 100`);
    printLine(
      ctx,
      `${network}/${management.prefixLength} dev ${device} proto kernel scope link src ${management.address} metric 100`
    );
  }
  return 0;
}

export const IP_COMMANDS: Record<string, CommandHandler> = { ip };
