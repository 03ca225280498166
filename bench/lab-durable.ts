/**
 * `npm run bench -- lab-durable`: what it costs that the lab saves its world before it answers (#12 item 8), side by
 * side with the behaviour before it (a save 100 ms after each answered write, not waited for) and with no saving
 * at all. Three labs on the same world; cycles of a read when nothing changed since the last save, a read after the
 * world changed (a clock task fired: saved before the answer) and a write (`PUT /vms/{id}` of a description), in
 * blocks interleaved between the labs; median latency of each kind, and median CPU per cycle with the deferred saves
 * of the previous behaviour included. A small world (3 + 3 hosts, 12 VMs, like inventories/lab.yaml) and a big one
 * (2 x 50 hosts, 2,000 VMs). Writes the "lab-durable" section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../src/lab';
import type { LabEngine } from '../src/lab';
import type { Inventory } from '../src/inventory/types';
import { stateFile } from '../src/lab/world/persist';
import { benchInventory, benchVm, siteHostNames } from './_inventory';
import { describeMachine, replaceSection } from './_doc-section';

const BLOCKS = 8;
const CYCLES = 10;
const WRITES_IN_FLIGHT = 10;
const CONCURRENT_WRITES = 100;
const AUTH = 'Basic ' + Buffer.from(`admin@internal:${DEFAULT_LAB_PASSWORD}`).toString('base64');
/** The previous behaviour: a save this long after an answered write (coalesced), nobody waiting for it. */
const AFTER_WRITE_DELAY_MS = 100;

type Mode = 'none' | 'after-write' | 'before-answer';
const MODES: readonly Mode[] = ['none', 'after-write', 'before-answer'];
type Kind = 'read, unchanged' | 'read, world changed' | 'write';
const KINDS: readonly Kind[] = ['read, unchanged', 'read, world changed', 'write'];

interface BenchLab {
  mode: Mode;
  lab: LabEngine;
  dir: string;
  /** after-write: the pending save, as the lab's saveSoon did. */
  timer?: NodeJS.Timeout;
  times: Record<Kind, number[]>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function startBenchLab(mode: Mode, inventory: Inventory): Promise<BenchLab> {
  const dir = mkdtempSync(join(tmpdir(), `lab-durable-${mode}-`));
  // Only a lab with a state directory saves before it answers; the others save nothing by themselves.
  const lab = await startLabEngine({
    inventory,
    https: false,
    preinstalled: true,
    speed: 0,
    ...(mode === 'before-answer' ? { stateDir: dir } : {}),
  });
  await lab.save(dir);
  return { mode, lab, dir, times: { 'read, unchanged': [], 'read, world changed': [], write: [] } };
}

/**
 * The world changed since the last save, as when a clock task fired (monitoring, an install finishing) between two
 * polls: a quiet preinstalled world fires none, so the bench says so to the lab (what a fired task does).
 */
function moveWorld(lab: LabEngine): void {
  lab.markChanged();
}

async function request(bench: BenchLab, kind: Kind, vmId: string, round: number): Promise<void> {
  const isWrite = kind === 'write';
  if (kind === 'read, world changed') moveWorld(bench.lab);
  const started = performance.now();
  const response = await fetch(`${bench.lab.url}/vms/${vmId}`, {
    method: isWrite ? 'PUT' : 'GET',
    headers: { Accept: 'application/json', Authorization: AUTH, 'Content-Type': 'application/json' },
    ...(isWrite ? { body: JSON.stringify({ description: `bench ${round}` }) } : {}),
  });
  await response.text();
  bench.times[kind].push(performance.now() - started);
  if (response.status !== 200) throw new Error(`${isWrite ? 'PUT' : 'GET'} /vms answered ${response.status}`);
  if (isWrite && bench.mode === 'after-write' && bench.timer === undefined) {
    bench.timer = setTimeout(() => {
      bench.timer = undefined;
      void bench.lab.save(bench.dir);
    }, AFTER_WRITE_DELAY_MS);
  }
}

interface SizeResult {
  label: string;
  worldBytes: number;
  medians: Record<Mode, Record<Kind, number>>;
  /** Median CPU ms of this process per cycle (one request of each kind), deferred saves included. */
  cpuPerCycle: Record<Mode, number>;
  /** Median CPU ms and wall ms per write with WRITES_IN_FLIGHT writes in flight. */
  concurrentCpu: Record<Mode, number>;
  concurrentWall: Record<Mode, number>;
}

/** after-write: wait until the save its last write scheduled is done (so the next block is not charged for it). */
async function drain(bench: BenchLab): Promise<void> {
  while (bench.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  await bench.lab.save(bench.dir); // queued behind the deferred save: resolves once it is written
}

/** A block of CYCLES cycles on one lab; returns its CPU per cycle, its deferred save included. */
async function runBlock(bench: BenchLab, vmId: string, block: number): Promise<number> {
  const cpu = process.cpuUsage();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (const kind of KINDS) await request(bench, kind, vmId, block * CYCLES + cycle);
  }
  if (bench.mode === 'after-write') await drain(bench);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / CYCLES;
}

/**
 * WRITES_IN_FLIGHT clients writing at once (as `--forks 10` does in configure/ha-lease), each PUT to its own VMs:
 * CPU and wall time per write, the deferred saves of the previous behaviour included.
 */
async function runConcurrentWrites(bench: BenchLab, block: number): Promise<{ cpu: number; wall: number }> {
  const vms = bench.lab.world.state.vms.map((vm) => vm.id);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const client = async (worker: number): Promise<void> => {
    for (let i = worker; i < CONCURRENT_WRITES; i += WRITES_IN_FLIGHT) {
      await request(bench, 'write', vms[i % vms.length]!, block * CONCURRENT_WRITES + i);
    }
  };
  await Promise.all(Array.from({ length: WRITES_IN_FLIGHT }, (_, worker) => client(worker)));
  if (bench.mode === 'after-write') await drain(bench);
  const used = process.cpuUsage(cpu);
  return {
    cpu: (used.user + used.system) / 1000 / CONCURRENT_WRITES,
    wall: (performance.now() - started) / CONCURRENT_WRITES,
  };
}

async function measure(label: string, inventory: Inventory): Promise<SizeResult> {
  const labs: BenchLab[] = [];
  for (const mode of MODES) labs.push(await startBenchLab(mode, inventory));
  const reference = labs[0]!;
  const vmId = reference.lab.world.state.vms[0]!.id;
  const cpu: Record<Mode, number[]> = { none: [], 'after-write': [], 'before-answer': [] };
  try {
    // Blocks interleaved between the labs (ABCABC...), so that load changes hit all three alike.
    const concurrent: Record<Mode, { cpu: number[]; wall: number[] }> = {
      none: { cpu: [], wall: [] },
      'after-write': { cpu: [], wall: [] },
      'before-answer': { cpu: [], wall: [] },
    };
    for (let block = 0; block < BLOCKS; block++) {
      for (const bench of labs) cpu[bench.mode].push(await runBlock(bench, idOf(bench, vmId, reference), block));
      for (const bench of labs) {
        const { cpu: used, wall } = await runConcurrentWrites(bench, block);
        concurrent[bench.mode].cpu.push(used);
        concurrent[bench.mode].wall.push(wall);
      }
    }
    const worldBytes = statSync(stateFile(reference.dir)).size;
    const medians = Object.fromEntries(
      labs.map((bench) => [bench.mode, Object.fromEntries(KINDS.map((kind) => [kind, median(bench.times[kind])]))])
    ) as Record<Mode, Record<Kind, number>>;
    const cpuPerCycle = Object.fromEntries(MODES.map((mode) => [mode, median(cpu[mode])])) as Record<Mode, number>;
    const pick = (key: 'cpu' | 'wall') =>
      Object.fromEntries(MODES.map((mode) => [mode, median(concurrent[mode][key])])) as Record<Mode, number>;
    return { label, worldBytes, medians, cpuPerCycle, concurrentCpu: pick('cpu'), concurrentWall: pick('wall') };
  } finally {
    for (const bench of labs) {
      if (bench.timer !== undefined) clearTimeout(bench.timer);
      await bench.lab.close();
      rmSync(bench.dir, { recursive: true, force: true });
    }
  }
}

function idOf(bench: BenchLab, vmId: string, reference: BenchLab): string {
  const name = reference.lab.world.state.vms.find((vm) => vm.id === vmId)?.name;
  return bench.lab.world.state.vms.find((vm) => vm.name === name)?.id ?? vmId;
}

function small(): Inventory {
  return benchInventory({
    primary: siteHostNames('kvm-a', 3),
    secondary: siteHostNames('kvm-b', 3),
    vms: Array.from({ length: 12 }, (_, i) => benchVm(i)),
  });
}

function big(): Inventory {
  return benchInventory({
    primary: siteHostNames('kvm-a', 50),
    secondary: siteHostNames('kvm-b', 50),
    vms: Array.from({ length: 2000 }, (_, i) => benchVm(i, i % 100)),
  });
}

function rows(result: SizeResult): string[] {
  const world = `${result.label} (world.json ${(result.worldBytes / 1024).toFixed(0)} KiB)`;
  const line = (what: string, value: (mode: Mode) => number): string => {
    const ratio = (mode: Mode) => (value(mode) / value('none')).toFixed(2);
    const cells = MODES.map((mode) => `${value(mode).toFixed(2)} ms`);
    return `| ${world} | ${what} | ${cells.join(' | ')} | ${ratio('after-write')} | ${ratio('before-answer')} |`;
  };
  return [
    ...KINDS.map((kind) => line(`${kind}: latency`, (mode) => result.medians[mode][kind])),
    line('CPU per cycle (one of each, deferred saves included)', (mode) => result.cpuPerCycle[mode]),
    line(`${WRITES_IN_FLIGHT} writes in flight: wall per write`, (mode) => result.concurrentWall[mode]),
    line(`${WRITES_IN_FLIGHT} writes in flight: CPU per write`, (mode) => result.concurrentCpu[mode]),
  ];
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  const results = [await measure('6 hosts, 12 VMs', small()), await measure('100 hosts, 2,000 VMs', big())];
  const lines = [
    '## Lab: saving the world before answering (`npm run bench -- lab-durable`)',
    '',
    `Three labs on one world, on ${describeMachine()}; load average ${load} at the start (shared machine).`,
    `Requests \`GET\`/\`PUT /vms/{id}\` over loopback HTTP (JSON) in cycles of one read when nothing changed, one`,
    `read after the world changed (as when a clock task fired) and one write; ${BLOCKS} blocks of ${CYCLES} cycles per lab,`,
    `blocks interleaved between the labs; medians, and the ratio to the lab that saves nothing. "none": no state directory`,
    `(no save); "after-write": the previous behaviour (a save ${AFTER_WRITE_DELAY_MS} ms after an answered write, not waited`,
    `for); "before-answer": now (the answer waits until world.json holds every change since the last save; answers`,
    `waiting together share one save). Then, per block, ${CONCURRENT_WRITES} writes with ${WRITES_IN_FLIGHT} in flight (as \`--forks 10\``,
    `writes HA and leases), wall time and CPU per write.`,
    '',
    '| world | request | none | after-write | before-answer | after-write / none | before-answer / none |',
    '|---|---|---|---|---|---|---|',
    ...results.flatMap(rows),
  ];
  replaceSection(join(process.cwd(), 'docs', 'benchmarks.md'), 'lab-durable', lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
