/**
 * Writing an event as the engine does: the catalogue's code and severity, its template with the placeholders filled
 * (MessageResolver: a missing value reads `<UNKNOWN>`, a missing Reason reads the engine's "No reason…" text and a
 * missing OptionalReason nothing), and the entity links of its scope (see `LinkScope`).
 *
 * Values the engine takes from the logged entities are filled here: VdsName (the host), VmName (the VM), UserName
 * (the API user), ClusterName and StoragePoolName (the lab's one cluster and data center).
 * ENGINE dal/.../auditloghandling/MessageResolver.java l.38-66 @ 0111fc63036bca662aa6275a8ad16282cccf86bf.
 */
import { AuditLogType, LinkScope } from './audit-catalogue';
import type { AuditLogTypeName, PlaceholdersOf } from './audit-catalogue';
import { USER } from './events';
import type { EventRecord, HostRecord, VmRecord } from './model';
import type { World } from './world';

const UNKNOWN_VALUE = '<UNKNOWN>';
const UNKNOWN_REASON = ' No reason was returned for this operation failure. See logs for further details.';

export interface AuditSubject<N extends AuditLogTypeName> {
  host?: HostRecord | undefined;
  vm?: VmRecord | undefined;
  values?: Partial<Record<PlaceholdersOf<N>, string | number>>;
}

type Links = Pick<EventRecord, 'hostId' | 'hostName' | 'vmId' | 'clusterId' | 'dataCenterId'>;

/** Log one audit event of type `name` about `subject`; returns the record. */
export function logEvent<N extends AuditLogTypeName>(world: World, name: N, subject: AuditSubject<N> = {}) {
  const type = AuditLogType[name];
  return world.events.add({
    code: type.code,
    severity: type.severity,
    description: resolveTemplate(type.template, knownValues(world, subject)),
    ...linksOf(world, type.scope, subject),
  });
}

function knownValues(world: World, subject: AuditSubject<AuditLogTypeName>): Record<string, string> {
  const values: Record<string, string> = {
    UserName: USER,
    ClusterName: world.state.cluster.name,
    StoragePoolName: world.state.dataCenter.name,
  };
  if (subject.host) values['VdsName'] = subject.host.name;
  if (subject.vm) values['VmName'] = subject.vm.name;
  for (const [key, value] of Object.entries(subject.values ?? {})) {
    if (value !== undefined) values[key] = String(value);
  }
  return values;
}

export function resolveTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{(\w*)\}/g, (_match, token: string) => {
    const value = values[token];
    if (value !== undefined && value !== '') return value;
    if (token.toLowerCase() === 'reason') return UNKNOWN_REASON;
    if (token.toLowerCase() === 'optionalreason') return '';
    return UNKNOWN_VALUE;
  });
}

function linksOf(world: World, scope: LinkScope, subject: AuditSubject<AuditLogTypeName>): Links {
  const { host, vm } = subject;
  const clusterId = world.state.cluster.id;
  switch (scope) {
    case LinkScope.HOST:
      return host ? { hostId: host.id } : {};
    case LinkScope.HOST_COMMAND:
      return host ? { hostId: host.id, clusterId: host.clusterId } : {};
    case LinkScope.VM:
      return vm ? { vmId: vm.id } : {};
    case LinkScope.VM_HOST:
      return { ...(vm ? { vmId: vm.id } : {}), ...(host ? { hostId: host.id } : {}) };
    case LinkScope.VM_COMMAND:
      return {
        ...(vm ? { vmId: vm.id, clusterId: vm.clusterId, dataCenterId: world.state.dataCenter.id } : {}),
        ...(host ? { hostId: host.id, clusterId: host.clusterId } : {}),
      };
    case LinkScope.POOL:
      return {
        dataCenterId: world.state.dataCenter.id,
        ...(host ? { hostId: host.id, clusterId: host.clusterId } : {}),
      };
    case LinkScope.HOST_NAME:
      return host ? { hostName: host.address } : {};
    case LinkScope.CLUSTER:
      return { clusterId };
  }
}

const UNITS: readonly [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/**
 * A duration in words as the engine writes migration durations (commons-lang DurationFormatUtils.formatDurationWords
 * with leading and trailing zero units suppressed; MigrateVmCommand.getDuration): `10 seconds`, `1 minute 5 seconds`,
 * `2 minutes`, `0 seconds`.
 */
export function formatDurationWords(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  const parts = UNITS.map(([unit, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return { unit, count };
  });
  const first = parts.findIndex((p) => p.count > 0);
  if (first === -1) return '0 seconds';
  let last = parts.length - 1;
  while (last > first && parts[last]?.count === 0) last--;
  return parts
    .slice(first, last + 1)
    .map((p) => `${p.count} ${p.unit}${p.count === 1 ? '' : 's'}`)
    .join(' ');
}
