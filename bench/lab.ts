/**
 * `npm run bench -- lab`: the lab engine at scale. A lab of 2 sites x 50 hosts x 2,000 VMs: how long it takes to
 * start (preinstalled), to list every VM in JSON and in XML over HTTP, and to simulate a twenty-minute site failure
 * on the virtual clock. Targets: start < 2 s, each listing < 200 ms. Writes the "lab" section of docs/benchmarks.md.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../src/lab';
import type { LabEngine } from '../src/lab';
import type { Inventory } from '../src/inventory/types';
import { benchInventory, benchVm, siteHostNames } from './_inventory';
import { describeMachine, replaceSection } from './_doc-section';

const HOSTS_PER_SITE = 50;
const VMS = 2000;
const RUNS = 5;
const LISTINGS = 10;
const START_TARGET_MS = 2000;
const LIST_TARGET_MS = 200;

function bigInventory(): Inventory {
  return benchInventory({
    primary: siteHostNames('kvm-a', HOSTS_PER_SITE),
    secondary: siteHostNames('kvm-b', HOSTS_PER_SITE),
    vms: Array.from({ length: VMS }, (_, i) => benchVm(i, i % 100)),
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timeStart(inventory: Inventory): Promise<{ ms: number; lab: LabEngine }> {
  const started = performance.now();
  const lab = await startLabEngine({ inventory, https: false, preinstalled: true, speed: 0 });
  return { ms: performance.now() - started, lab };
}

/** Wall-clock and CPU time (this process: server and client together) of one full listing, medians. */
async function timeListing(lab: LabEngine, accept: string): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  const auth = 'Basic ' + Buffer.from(`admin@internal:${DEFAULT_LAB_PASSWORD}`).toString('base64');
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < LISTINGS; i++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const res = await fetch(`${lab.url}/vms`, { headers: { Accept: accept, Authorization: auth } });
    const text = await res.text();
    const used = process.cpuUsage(cpuStart);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    if (res.status !== 200) throw new Error(`GET /vms answered ${res.status}`);
    bytes = Buffer.byteLength(text);
  }
  return { ms: median(times), cpuMs: median(cpu), bytes };
}

function timeDrill(lab: LabEngine): { ms: number; upOnSecondary: number } {
  const started = performance.now();
  lab.world.powerOff('primary');
  for (let t = 0; t < 20 * 60; t += 10) lab.clock.advance(10_000);
  const ms = performance.now() - started;
  const secondary = new Set(lab.world.hostsOfSite('secondary').map((h) => h.id));
  const upOnSecondary = lab.world.state.vms.filter(
    (v) => v.status === 'up' && v.hostId && secondary.has(v.hostId)
  ).length;
  return { ms, upOnSecondary };
}

function verdict(ms: number, target: number): string {
  return ms < target ? `under ${target} ms ✓` : `OVER ${target} ms ✗`;
}

async function main(): Promise<void> {
  const inventory = bigInventory();
  const starts: number[] = [];
  let lab: LabEngine | undefined;
  for (let i = 0; i < RUNS; i++) {
    const run = await timeStart(inventory);
    starts.push(run.ms);
    if (i < RUNS - 1) await run.lab.close();
    else lab = run.lab;
  }
  if (lab === undefined) throw new Error('no lab');
  const json = await timeListing(lab, 'application/json');
  const xml = await timeListing(lab, 'application/xml');
  const drill = timeDrill(lab);
  await lab.close();
  const startMs = median(starts);
  const lines = [
    '## Lab engine (`npm run bench -- lab`)',
    '',
    `A lab of 2 sites × ${HOSTS_PER_SITE} hosts × ${VMS.toLocaleString('en')} VMs (preinstalled), on ${describeMachine()}.`,
    `Median of ${RUNS} starts and of ${LISTINGS} listings; listings are \`GET /vms\` over loopback HTTP, body read; CPU is`,
    `this process's (server and client together).`,
    `Load average when measured: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} (the machine is shared; wall-clock figures grow with its load).`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| start (build world, place VMs, listen) | ${startMs.toFixed(0)} ms | ${verdict(startMs, START_TARGET_MS)} |`,
    `| list all VMs, JSON (${(json.bytes / 1024 / 1024).toFixed(1)} MiB) | ${json.ms.toFixed(0)} ms (CPU ${json.cpuMs.toFixed(0)} ms) | ${verdict(json.ms, LIST_TARGET_MS)} |`,
    `| list all VMs, XML (${(xml.bytes / 1024 / 1024).toFixed(1)} MiB) | ${xml.ms.toFixed(0)} ms (CPU ${xml.cpuMs.toFixed(0)} ms) | ${verdict(xml.ms, LIST_TARGET_MS)} |`,
    `| primary site powered off, 20 virtual minutes simulated | ${drill.ms.toFixed(0)} ms | ${drill.upOnSecondary} of ${VMS} VMs up on the secondary site afterwards |`,
  ];
  replaceSection(join(process.cwd(), 'docs', 'benchmarks.md'), 'lab', lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
