/** Starts a lab for a test file and offers name-based lookups over the API. */
import type { LabEngine, LabOptions } from '../../../src/lab';
import { startLabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import type { Doc } from './http';
import { get, items } from './http';

export async function startTestLab(options: Partial<LabOptions> = {}): Promise<LabEngine> {
  return startLabEngine({ inventory: makeInventory(), https: false, preinstalled: true, speed: 0, ...options });
}

export async function hostByName(lab: LabEngine, name: string): Promise<Doc> {
  const res = await get(lab, `/hosts?search=${encodeURIComponent(`name=${name}`)}`);
  const [host] = items(res.body, 'host');
  if (!host) throw new Error(`no host ${name}`);
  return host;
}

export async function vmByName(lab: LabEngine, name: string): Promise<Doc> {
  const res = await get(lab, `/vms?search=${encodeURIComponent(`name=${name}`)}`);
  const [vm] = items(res.body, 'vm');
  if (!vm) throw new Error(`no vm ${name}`);
  return vm;
}

/** host name of every VM, by VM name (undefined when not running). */
export async function placement(lab: LabEngine): Promise<Record<string, string | undefined>> {
  const [vms, hosts] = await Promise.all([get(lab, '/vms'), get(lab, '/hosts')]);
  const names = new Map<string, string>(items(hosts.body, 'host').map((h) => [h.id as string, h.name as string]));
  const entries: [string, string | undefined][] = items(vms.body, 'vm').map((v) => [
    v.name,
    v.host ? names.get(v.host.id) : undefined,
  ]);
  return Object.fromEntries(entries);
}

export async function statuses(lab: LabEngine, collection: 'hosts' | 'vms'): Promise<Record<string, string>> {
  const res = await get(lab, `/${collection}`);
  const key = collection === 'hosts' ? 'host' : 'vm';
  const entries: [string, string][] = items(res.body, key).map((item) => [item.name, item.status]);
  return Object.fromEntries(entries);
}

export async function spmHost(lab: LabEngine): Promise<string | undefined> {
  const res = await get(lab, '/hosts');
  const spm: Doc = items(res.body, 'host').find((h) => h.spm.status === 'spm');
  return spm?.name as string | undefined;
}

export const MINUTE = 60_000;
