/**
 * Why a host is not where a wait wants it, as far as the engine says: for a host that stays
 * preparing_for_maintenance, the VMs still running on it and the engine's latest word on each (a failed migration,
 * no host to migrate to) or on the host (602: not all VMs could be migrated). Read only when a wait speaks.
 */
import type { Event, Host, OlvmClient } from '../../olvm/types';
import { HostStatus } from '../../olvm/types';
import { EventCode, VM_TROUBLE } from './event-codes';

/** Recent events are enough: the engine logs a failed migration within seconds of the maintenance request. */
const RECENT_EVENTS = 200;

/** `; still on it: app-1 (the engine: No available host was found to migrate VM app-1 to.)`, or '' when all is well. */
export async function explainHost(client: OlvmClient, host: Host, signal?: AbortSignal): Promise<string> {
  if (host.status !== HostStatus.PREPARING_FOR_MAINTENANCE) return '';
  const [vms, events] = await Promise.all([
    client.vms.list({ signal }),
    client.events.list({ max: RECENT_EVENTS, ...(signal ? { signal } : {}) }),
  ]);
  const onHost = vms.filter((vm) => vm.host?.id === host.id);
  if (onHost.length === 0) return '; no VM left on it';
  const parts = onHost.map((vm) => {
    const word = latestOf(events, (e) => e.vm?.id === vm.id && VM_TROUBLE.has(e.code));
    return word?.description ? `${vm.name} (the engine: ${word.description})` : `${vm.name} (${vm.status})`;
  });
  const refusal = latestOf(
    events,
    (e) => e.host?.id === host.id && e.vm === undefined && e.code === EventCode.USER_VDS_MAINTENANCE_MIGRATION_FAILED
  );
  const hostWord = refusal?.description ? `; the engine: ${refusal.description}` : '';
  return `; still on it: ${parts.join(', ')}${hostWord}`;
}

function latestOf(events: readonly Event[], match: (e: Event) => boolean): Event | undefined {
  return events.filter(match).sort((a, b) => b.index - a.index)[0];
}
