/**
 * The inventory's `ssh.jump_host`: the name of an inventory host, or `[user@]address[:port]` with the
 * inventory's ssh defaults for credentials. Every other host is reached through a TCP forward on it.
 */
import type { HostEntry, Inventory } from '../inventory/types';

export function resolveJumpHost(inventory: Inventory): HostEntry | undefined {
  const spec = inventory.ssh.jumpHost;
  if (spec === undefined || spec === '') return undefined;
  const named = inventory.hosts[spec];
  if (named) return named;
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec);
  const address = (match?.[2] ?? spec).replace(/^\[|\]$/g, '');
  return {
    name: `jump:${spec}`,
    address,
    port: match?.[3] ? Number(match[3]) : 22,
    user: match?.[1] ?? inventory.ssh.user,
    auth: {},
    become: false,
    hostedEngine: false,
    vars: {},
  };
}
