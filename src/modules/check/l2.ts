/**
 * `check.l2`: the cluster hosts' management addresses share one broadcast domain. Each host is asked over SSH
 * (`ip -j addr`, read-only) for its addresses; the management one (the inventory address, else the ovirtmgmt
 * bridge's) must be on the same subnet on every host of both sites.
 */
import { SITE_ROLES } from '../../inventory/types';
import type { HostEntry } from '../../inventory/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { NAME_SET_SCHEMA, selectHosts } from '../olvm/select';
import type { NameSet } from '../olvm/select';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';
import { managementAddress, parseIpAddr, probeHost, subnetOf } from './probe';
import type { InterfaceAddress } from './probe';

const NAME = 'check.l2';

export interface CheckL2Args {
  /** The hosts (default: every host of both sites). */
  hosts?: NameSet;
}

interface HostAddress {
  host: string;
  address?: InterfaceAddress;
  error?: string;
}

async function readAddress(ctx: ModuleContext, host: HostEntry): Promise<HostAddress> {
  const result = await probeHost(ctx, host, 'ip -j addr');
  if (result.exitCode !== 0) return { host: host.name, error: `ip -j addr exited ${result.exitCode ?? 'on a signal'}` };
  try {
    const address = managementAddress(parseIpAddr(result.stdout), host.address);
    return address ? { host: host.name, address } : { host: host.name, error: 'it has no IPv4 address' };
  } catch {
    return { host: host.name, error: 'ip -j addr printed no JSON' };
  }
}

function describeSubnets(bySubnet: Map<string, string[]>): string {
  return [...bySubnet].map(([subnet, hosts]) => `${subnet} (${hosts.join(', ')})`).join(', ');
}

export const checkL2: StepModule<CheckL2Args> = {
  name: NAME,
  isReadOnly: true,
  description: "The cluster hosts' management addresses share one broadcast domain (ip -j addr over SSH).",
  schema: {
    type: 'object',
    properties: { hosts: { ...NAME_SET_SCHEMA, description: 'The hosts (default: every host of both sites).' } },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const names =
      args.hosts === undefined
        ? SITE_ROLES.flatMap((role) => ctx.inventory.sites[role].hosts)
        : selectHosts(NAME, ctx, 'hosts', args.hosts);
    const found = await Promise.all(names.map((name) => readAddress(ctx, ctx.inventory.hosts[name] as HostEntry)));
    const bySubnet = new Map<string, string[]>();
    const problems: CheckProblem[] = [];
    for (const entry of found) {
      if (entry.address === undefined) {
        problems.push({
          text: `cannot tell the management address of ${entry.host}: ${entry.error ?? '?'}`,
          reason: Procedure.L2,
        });
        continue;
      }
      const subnet = subnetOf(entry.address);
      bySubnet.set(subnet, [...(bySubnet.get(subnet) ?? []), entry.host]);
      ctx.output(`${entry.host}: ${entry.address.address}/${entry.address.prefixLength} on ${entry.address.ifname}`);
    }
    if (bySubnet.size > 1) {
      problems.push({
        text: `the management addresses are on ${bySubnet.size} subnets, not one broadcast domain: ${describeSubnets(bySubnet)}`,
        reason: Procedure.L2,
      });
    }
    return planNone(
      verdict(NAME, ctx, problems, {
        subnet: bySubnet.size === 1 ? [...bySubnet.keys()][0] : null,
        hosts: found.map((f) => ({
          name: f.host,
          address: f.address ? `${f.address.address}/${f.address.prefixLength}` : null,
          interface: f.address?.ifname ?? null,
        })),
      })
    );
  },
  apply() {
    return Promise.resolve({});
  },
};
