/**
 * Recorded sequences of the engine's own events (test/fixtures/engine-events/*.json: the REST JSON the engine
 * serves, newest first, with the codes of AuditLogType and the texts of AuditLogMessages.properties), read with
 * the client's own parser, and minimal engine views for the polling witness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent } from '../../src/olvm/parse/activity';
import type { Event, Host, Vm } from '../../src/olvm/types';
import { EngineView } from '../../src/modules/olvm/wait-state';

export const FIXTURE_T0 = 1768003200000;

export function recordedEvents(name: string): Event[] {
  const path = join(__dirname, '..', 'fixtures', 'engine-events', `${name}.json`);
  const document = JSON.parse(readFileSync(path, 'utf8')) as { event: unknown[] };
  return document.event.map(parseEvent);
}

/** Seconds after the fixtures' T0, as engine epoch ms. */
export function at(seconds: number): number {
  return FIXTURE_T0 + Math.round(seconds * 1000);
}

export const HOST_NAMES = ['kvm-a1', 'kvm-a2', 'kvm-a3', 'kvm-b1', 'kvm-b2', 'kvm-b3'];

export function hostId(name: string): string {
  return `host-${name}`;
}

/** The fixtures' host addresses (204 names its host by address). */
export const HOST_ADDRESSES: Record<string, string> = {
  'kvm-a1': '10.10.1.11',
  'kvm-a2': '10.10.1.12',
  'kvm-a3': '10.10.1.13',
  'kvm-b1': '10.10.1.21',
  'kvm-b2': '10.10.1.22',
  'kvm-b3': '10.10.1.23',
};

/** A host's id from its name or address, as a wait resolves them against the engine's hosts. */
export function hostIdOf(nameOrAddress: string): string | undefined {
  const byAddress = Object.entries(HOST_ADDRESSES).find(([, address]) => address === nameOrAddress)?.[0];
  const name = byAddress ?? nameOrAddress;
  return HOST_NAMES.includes(name) ? hostId(name) : undefined;
}

export function vmId(name: string): string {
  return `vm-${name}`;
}

export const siteOf = (hostIdOrName: string): 'primary' | 'secondary' =>
  hostIdOrName.replace(/^host-/, '').startsWith('kvm-a') ? 'primary' : 'secondary';

function host(name: string, status: string, isSpm: boolean): Host {
  return {
    id: hostId(name),
    name,
    address: HOST_ADDRESSES[name],
    status: status as Host['status'],
    spm: { priority: 5, status: isSpm ? 'spm' : 'none' },
    actions: [],
  };
}

function vm(name: string, status: string, on: string | undefined): Vm {
  return {
    id: vmId(name),
    name,
    status: status as Vm['status'],
    ...(on !== undefined ? { host: { id: hostId(on) } } : {}),
    highAvailability: { isEnabled: true, priority: 100 },
    placementPolicy: { hosts: [] },
    hasNextRunConfiguration: false,
    actions: [],
  };
}

/** `{ 'kvm-a1': 'up' }`, `{ 'db-1': ['up', 'kvm-a1'] }`, and the SPM's host name. */
export function viewOf(
  hosts: Record<string, string>,
  vms: Record<string, [string, string | undefined]>,
  spm?: string
): EngineView {
  return new EngineView(
    HOST_NAMES.map((name) => host(name, hosts[name] ?? 'up', name === spm)),
    Object.entries(vms).map(([name, [status, on]]) => vm(name, status, on))
  );
}
