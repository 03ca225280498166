/**
 * `/hosts/{id}/statistics` and `/vms/{id}/statistics` (MODEL types/Statistic.java; ENGINE RESTAPI/resource/
 * HostStatisticalQuery.java and VmStatisticalQuery.java name them): a few of the engine's figures, computed
 * from the world (memory from what runs, CPU as a steady load, times from the virtual clock).
 */
import type { HostRecord, VmRecord } from '../../world/model';
import { HostStatus, VmStatus } from '../../world/model';
import { derivedId } from '../catalog/builtins';
import type { NodeObject } from '../values';
import { API_BASE, Decimal, ref } from '../values';
import type { RenderContext } from './context';

type Unit = 'bytes' | 'percent' | 'none' | 'seconds';

interface Figure {
  name: string;
  description: string;
  kind: 'gauge' | 'counter';
  unit: Unit;
  value: number;
}

function statistic(base: string, owner: NodeObject, ownerKey: string, figure: Figure): NodeObject {
  const id = derivedId('statistic', figure.name);
  return {
    href: `${base}/statistics/${id}`,
    id,
    name: figure.name,
    description: figure.description,
    kind: figure.kind,
    type: Number.isInteger(figure.value) ? 'integer' : 'decimal',
    unit: figure.unit,
    values: { value: [{ datum: new Decimal(figure.value) }] },
    [ownerKey]: owner,
  };
}

export function hostStatistics(host: HostRecord, ctx: RenderContext): NodeObject[] {
  const isUp = host.status === HostStatus.UP;
  const used = ctx.world
    .vmsOnHost(host.id)
    .filter((vm) => vm.status !== VmStatus.DOWN)
    .reduce((sum, vm) => sum + vm.memory, 0);
  const figures: Figure[] = [
    { name: 'memory.total', description: 'Total memory', kind: 'gauge', unit: 'bytes', value: host.memory },
    { name: 'memory.used', description: 'Used memory', kind: 'gauge', unit: 'bytes', value: used },
    { name: 'memory.free', description: 'Free memory', kind: 'gauge', unit: 'bytes', value: host.memory - used },
    { name: 'cpu.current.user', description: 'User CPU usage', kind: 'gauge', unit: 'percent', value: isUp ? 4 : 0 },
    {
      name: 'cpu.current.system',
      description: 'System CPU usage',
      kind: 'gauge',
      unit: 'percent',
      value: isUp ? 1 : 0,
    },
    { name: 'cpu.current.idle', description: 'Idle CPU usage', kind: 'gauge', unit: 'percent', value: isUp ? 95 : 100 },
    { name: 'cpu.load.avg.5m', description: 'CPU 5 minute load average', kind: 'gauge', unit: 'none', value: 0.4 },
  ];
  const base = `${API_BASE}/hosts/${host.id}`;
  return figures.map((figure) => statistic(base, ref('hosts', host.id), 'host', figure));
}

export function vmStatistics(vm: VmRecord, ctx: RenderContext): NodeObject[] {
  const isRunning = vm.status !== VmStatus.DOWN && vm.hostId !== undefined;
  const elapsed = isRunning && vm.startTime !== undefined ? Math.floor((ctx.world.now() - vm.startTime) / 1000) : 0;
  const figures: Figure[] = [
    {
      name: 'memory.installed',
      description: 'Total memory configured',
      kind: 'gauge',
      unit: 'bytes',
      value: vm.memory,
    },
    {
      name: 'memory.used',
      description: 'Memory used (agent)',
      kind: 'gauge',
      unit: 'bytes',
      value: isRunning ? Math.floor(vm.memory * 0.6) : 0,
    },
    {
      name: 'cpu.current.guest',
      description: 'CPU used by guest',
      kind: 'gauge',
      unit: 'percent',
      value: isRunning ? 3 : 0,
    },
    {
      name: 'cpu.current.hypervisor',
      description: 'CPU overhead',
      kind: 'gauge',
      unit: 'percent',
      value: isRunning ? 1 : 0,
    },
    {
      name: 'cpu.current.total',
      description: 'Total CPU used',
      kind: 'gauge',
      unit: 'percent',
      value: isRunning ? 4 : 0,
    },
    {
      name: 'migration.progress',
      description: 'Migration Progress',
      kind: 'gauge',
      unit: 'percent',
      value: vm.status === VmStatus.MIGRATING ? 50 : 0,
    },
    { name: 'elapsed.time', description: 'Elapsed VM runtime', kind: 'counter', unit: 'seconds', value: elapsed },
  ];
  const base = `${API_BASE}/vms/${vm.id}`;
  return figures.map((figure) => statistic(base, ref('vms', vm.id), 'vm', figure));
}
