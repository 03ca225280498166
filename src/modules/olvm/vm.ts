/**
 * `olvm.vm`: a VM's high availability (enabled, priority), lease (storage domain by name), the storage error
 * resume behaviour leases require, and placement. The plan lists each field that would change; apply makes one
 * update (two when a running VM's lease moves to another domain: the engine cannot swap a lease in place).
 */
import type { OlvmClient, Vm, VmPatch } from '../../olvm/types';
import type { Change, ModuleContext, StepModule } from '../types';
import { planChanges, planNone, planUnknown } from '../types';
import { engineOf } from './engine-access';
import { OlvmModuleError } from './errors';
import { selectHosts } from './select';
import { applySnapshot, planSnapshot } from './snapshot';
import type { EngineSnapshot } from './snapshot';
import { readDesired, VM_SCHEMA } from './vm-desired';
import type { OlvmVmArgs, VmDesired } from './vm-desired';
import { currentOf, diffVm, patchOf, vmResult } from './vm-diff';
import type { VmCurrent } from './vm-diff';
import { WriteLog } from './write';

const NAME = 'olvm.vm';

export interface VmPlanData {
  vmId: string;
  patch: VmPatch;
  /** Remove the current lease first (a running VM cannot swap it). */
  isLeaseSwap: boolean;
  result: Record<string, unknown>;
}

async function resolveDesired(ctx: ModuleContext, snapshot: EngineSnapshot, args: OlvmVmArgs): Promise<VmDesired> {
  const desired = readDesired(args, (set) => selectHosts(NAME, ctx, 'placement.hosts', set));
  if (typeof desired.lease === 'string' && (await snapshot.storageDomain(desired.lease)) === undefined) {
    const known = (await snapshot.storageDomains()).map((d) => d.name).join(', ') || 'none';
    throw new OlvmModuleError(NAME, ctx, `no storage domain "${desired.lease}" in the engine (known: ${known})`);
  }
  for (const host of desired.hosts ?? []) {
    if ((await snapshot.host(host)) === undefined) {
      throw new OlvmModuleError(NAME, ctx, `placement.hosts: host ${host} is not in the engine`);
    }
  }
  return desired;
}

function checkEngineRules(ctx: ModuleContext, vm: Vm, current: VmCurrent, desired: VmDesired): void {
  const haAfter = desired.haEnabled ?? current.haEnabled;
  const leaseAfter = desired.lease === undefined ? current.lease : desired.lease;
  if (leaseAfter !== null && !haAfter) {
    throw new OlvmModuleError(NAME, ctx, `VM ${vm.name} would have a lease without high availability`, {
      hint: 'set high_availability: true with the lease (the engine refuses a lease on a VM that is not HA)',
      code: 'INVALID_ARGS',
    });
  }
  if (leaseAfter !== null && desired.resume !== undefined && desired.resume !== 'kill') {
    throw new OlvmModuleError(NAME, ctx, `VM ${vm.name}: a lease needs storage_error_resume_behaviour: kill`, {
      hint: 'kill is the only resume behaviour the engine supports for HA VMs with leases',
      code: 'INVALID_ARGS',
    });
  }
}

async function requireVm(ctx: ModuleContext, snapshot: EngineSnapshot, name: string): Promise<Vm> {
  const vm = await snapshot.vm(name);
  if (vm === undefined) throw new OlvmModuleError(NAME, ctx, `no VM "${name}" in the engine`);
  return vm;
}

async function isApplied(client: OlvmClient, snapshot: EngineSnapshot, vmId: string, desired: VmDesired) {
  const vm = await client.vms.get(vmId);
  const current = await currentOf(client, snapshot, vm, desired, true);
  return diffVm(current, desired).length === 0;
}

export const olvmVm: StepModule<OlvmVmArgs, VmPlanData> = {
  name: NAME,
  description: 'A VM: high availability, lease, storage error resume behaviour, placement.',
  schema: VM_SCHEMA,
  async plan(ctx, args) {
    const client = await engineOf(ctx);
    const snapshot = planSnapshot(ctx, client);
    const desired = await resolveDesired(ctx, snapshot, args);
    // In a dry run an earlier step may be about to bring the VM in (hosts added: the lab imports its VMs then).
    if (ctx.isDryRun && (await snapshot.vm(args.name)) === undefined) {
      return planUnknown(`no VM "${args.name}" in the engine yet`);
    }
    const vm = await requireVm(ctx, snapshot, args.name);
    const current = await currentOf(client, snapshot, vm, desired);
    checkEngineRules(ctx, vm, current, desired);
    const changes: Change[] = diffVm(current, desired);
    const result = vmResult(vm, current, desired);
    if (changes.length === 0) return planNone(result);
    const leaseChange = changes.find((c) => c.path === 'lease.storage_domain');
    const isLeaseSwap =
      leaseChange !== undefined && typeof desired.lease === 'string' && current.lease !== null && vm.status !== 'down';
    if (isLeaseSwap) leaseChange.note = 'a running VM cannot swap its lease: removed first, then set (two writes)';
    return planChanges(changes, { vmId: vm.id, patch: await patchOf(snapshot, desired, changes), isLeaseSwap, result });
  },
  async apply(ctx, args, plan) {
    const data = plan.data;
    if (data === undefined) return {};
    const client = await engineOf(ctx);
    const snapshot = applySnapshot(ctx, client);
    const desired = await resolveDesired(ctx, snapshot, args);
    const log = new WriteLog(ctx);
    const update = (patch: VmPatch, what: string) =>
      log.write({
        operation: `${what} of VM ${args.name}`,
        send: (correlationId) => client.vms.update(data.vmId, patch, { correlationId, signal: ctx.signal }),
        isApplied: () => isApplied(client, snapshot, data.vmId, desired),
      });
    if (data.isLeaseSwap) await update({ lease: null }, 'lease removal');
    const updated = await update(data.patch, 'update');
    const vm = updated ?? (await client.vms.get(data.vmId, { signal: ctx.signal }));
    await snapshot.putVm(vm);
    const result = { ...data.result, pending_restart: vm.hasNextRunConfiguration };
    ctx.output(
      `${args.name}: ${plan.changes.map((c) => `${c.path} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ')}`
    );
    return { result, correlationIds: log.correlationIds };
  },
};
