/**
 * `olvm.facts`: registers the engine's state for later steps: hosts (status, site, SPM), VMs (status, the host and
 * site they run on, their home site, HA and lease), where the VMs run per site, the SPM, the self-hosted engine VM
 * (null for a standalone engine), the engine's clock and its newest event index (a baseline for `olvm.wait`'s `since`). Read-only: it runs in dry-run too.
 */
import { SITE_ROLES } from '../../inventory/types';
import { SpmStatus } from '../../olvm/types';
import type { Host, Vm } from '../../olvm/types';
import type { StepModule } from '../types';
import { planNone } from '../types';
import { siteOfHost } from './args';
import { engineOf } from './engine-access';
import { NAME_SET_SCHEMA, selectVms } from './select';
import type { NameSet } from './select';
import { planSnapshot } from './snapshot';
import { isEngineVm } from './wait-site';

const NAME = 'olvm.facts';

export interface OlvmFactsArgs {
  /** Only these VMs (names or a selector); default every VM. */
  vms?: NameSet;
}

function hostFacts(hosts: readonly Host[], vms: readonly Vm[], site: (name: string) => string | null) {
  const running = new Map<string, number>();
  for (const vm of vms) if (vm.host) running.set(vm.host.id, (running.get(vm.host.id) ?? 0) + 1);
  return Object.fromEntries(
    hosts.map((h) => [
      h.name,
      {
        id: h.id,
        status: h.status,
        site: site(h.name),
        spm_priority: h.spm.priority,
        spm_status: h.spm.status,
        vms: running.get(h.id) ?? 0,
        memory: h.memory ?? null,
      },
    ])
  );
}

export const olvmFacts: StepModule<OlvmFactsArgs> = {
  name: NAME,
  isReadOnly: true,
  description: 'Register the engine state: hosts, VMs and where they run, the SPM, the engine clock and event index.',
  schema: {
    type: 'object',
    properties: { vms: { ...NAME_SET_SCHEMA, description: 'Only these VMs: names or a selector (default: all).' } },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const client = await engineOf(ctx);
    const snapshot = planSnapshot(ctx, client);
    const [hosts, allVms, info, [newest]] = await Promise.all([
      snapshot.hosts(),
      snapshot.vms(),
      client.info({ signal: ctx.signal }),
      client.events.list({ max: 1, signal: ctx.signal }),
    ]);
    const wanted =
      args.vms === undefined
        ? undefined
        : new Set(
            selectVms(
              NAME,
              ctx,
              'vms',
              args.vms,
              allVms.map((v) => v.name)
            )
          );
    const vms = wanted === undefined ? allVms : allVms.filter((vm) => wanted.has(vm.name));
    const hostName = new Map(hosts.map((h) => [h.id, h.name]));
    const site = (name: string) => siteOfHost(ctx.inventory, name) ?? null;
    const homes = new Map(ctx.inventory.vms.map((v) => [v.name, v.site]));
    const vmFacts = Object.fromEntries(
      vms.map((vm) => {
        const host = vm.host ? (hostName.get(vm.host.id) ?? null) : null;
        return [
          vm.name,
          {
            id: vm.id,
            status: vm.status,
            host,
            site: host === null ? null : site(host),
            home: homes.get(vm.name) ?? null,
            high_availability: vm.highAvailability.isEnabled,
            ha_priority: vm.highAvailability.priority,
            has_lease: vm.lease !== undefined,
          },
        ];
      })
    );
    const placement = Object.fromEntries(
      [...SITE_ROLES, 'none'].map((role) => [
        role,
        Object.entries(vmFacts)
          .filter(([, f]) => (f.site ?? 'none') === role)
          .map(([name]) => name),
      ])
    );
    const spm = hosts.find((h) => h.spm.status === SpmStatus.SPM);
    const engineVm = allVms.find(isEngineVm);
    const engineHost = engineVm?.host ? (hostName.get(engineVm.host.id) ?? null) : null;
    return planNone({
      time: info.time ?? null,
      event_index: newest?.index ?? 0,
      spm: spm ? { host: spm.name, site: site(spm.name) } : null,
      engine_vm: engineVm
        ? {
            name: engineVm.name,
            status: engineVm.status,
            host: engineHost,
            site: engineHost === null ? null : site(engineHost),
          }
        : null,
      hosts: hostFacts(hosts, allVms, site),
      vms: vmFacts,
      placement,
    });
  },
  apply() {
    return Promise.resolve({});
  },
};
