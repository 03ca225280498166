/**
 * `runbook lab start|status|stop|reset|fail TARGET|recover TARGET|dirty-rate VM RATE`: the embedded lab (docs/lab.md). A running lab
 * is reached through .runbook/lab/runtime.json; a stopped one is read (and, for fail/recover, edited) from the
 * state it saved there.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRate } from '../inventory/lab-knob-values';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { callLabAdmin, fetchLabStatus } from '../lab/admin-client';
import { loadLab } from '../lab/index';
import { powerInWorld, worldTarget } from '../lab/power';
import { isProcessAlive, readLiveRuntimeRecord } from '../lab/runtime-file';
import { describeLab, type LabStatus } from '../lab/status';
import { loadWorldState } from '../lab/world/persist';
import { resolveStateDir } from '../runs/paths';
import { ExitCode, RunbookError } from '../shared/errors';
import { resolveInventoryPath } from './project';
import type { CliIo } from './io';
import { renderLabStatus } from './lab-format';
import { LabStartRefusedError, runLabInForeground, startLabDetached } from './lab-start';

const STOP_TIMEOUT_MS = 30_000;

class LabCommandError extends RunbookError {
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message, { code: 'LAB_COMMAND', exitCode, ...(hint !== undefined ? { hint } : {}) });
  }
}

export interface InventoryOption {
  inventory?: string;
}

function labStateDir(io: CliIo): string {
  return join(resolveStateDir(io.cwd, io.env), 'lab');
}

async function loadLabInventory(io: CliIo, options: InventoryOption): Promise<{ path: string; inventory: Inventory }> {
  const path = resolveInventoryPath(options.inventory, io.cwd, io.env);
  const inventory = await loadInventory(path, { stateDir: labStateDir(io) });
  if (!inventory.lab) {
    throw new LabCommandError(
      `${path} is not a lab inventory (it has no \`lab:\` section)`,
      ExitCode.INVALID_INPUT,
      'use inventories/lab.yaml, or add `lab: { latency_ms: 2 }` to a loopback-only inventory'
    );
  }
  return { path, inventory };
}

/** `runbook lab start` as commander parses it. */
export interface LabStartFlags extends InventoryOption {
  preinstalled?: boolean;
  speed?: string;
  freePorts?: boolean;
  detach?: boolean;
}

export async function start(io: CliIo, options: LabStartFlags): Promise<void> {
  const { path, inventory } = await loadLabInventory(io, options);
  const speed = options.speed === undefined ? undefined : Number(options.speed);
  if (speed !== undefined && !(speed >= 0))
    throw new LabCommandError(`--speed must be a number >= 0, not "${options.speed}"`, ExitCode.USAGE);
  const startOptions = {
    inventoryPath: path,
    inventory,
    stateDir: labStateDir(io),
    isPreinstalled: options.preinstalled === true,
    isOnFreePorts: options.freePorts === true,
    ...(speed !== undefined ? { speed } : {}),
  };
  if (!options.detach) return runLabInForeground(startOptions, io);
  const forwarded = [
    '-i',
    path,
    ...(options.preinstalled ? ['--preinstalled'] : []),
    ...(options.freePorts ? ['--free-ports'] : []),
    ...(speed !== undefined ? ['--speed', String(speed)] : []),
  ];
  return startLabDetached(startOptions, forwarded, io);
}

export async function status(io: CliIo, options: InventoryOption & { json?: boolean }): Promise<void> {
  const stateDir = labStateDir(io);
  const record = await readLiveRuntimeRecord(stateDir);
  let labStatus: LabStatus;
  if (record) {
    labStatus = await fetchLabStatus(record);
  } else {
    const { inventory } = await loadLabInventory(io, options);
    const saved = await loadWorldState(stateDir);
    if (!saved) {
      io.stdout.write(`no lab in ${stateDir} yet: start one with \`runbook lab start\`\n`);
      return;
    }
    labStatus = describeLab(saved, inventory, { isRunning: false });
  }
  io.stdout.write(options.json ? JSON.stringify(labStatus, null, 2) + '\n' : renderLabStatus(labStatus));
}

export async function stop(io: CliIo): Promise<void> {
  const stateDir = labStateDir(io);
  const record = await readLiveRuntimeRecord(stateDir);
  if (!record) {
    io.stdout.write('the lab is not running\n');
    return;
  }
  await callLabAdmin(record, 'POST', '/stop');
  // Stopped once its process is gone (or, for a lab in this very process, once it removed its runtime record).
  const isStopped = async (): Promise<boolean> =>
    record.pid === process.pid ? (await readLiveRuntimeRecord(stateDir)) === undefined : !isProcessAlive(record.pid);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (!(await isStopped()) && Date.now() < deadline) await sleep(100);
  if (!(await isStopped())) {
    throw new LabCommandError(`the lab (pid ${record.pid}) did not stop within 30 s`, ExitCode.REFUSED);
  }
  io.stdout.write(`lab stopped (pid ${record.pid})\n`);
}

export async function reset(io: CliIo): Promise<void> {
  const stateDir = labStateDir(io);
  const record = await readLiveRuntimeRecord(stateDir);
  if (record)
    throw new LabStartRefusedError(
      `the lab is running (pid ${record.pid}); stop it before resetting`,
      'runbook lab stop && runbook lab reset'
    );
  await rm(stateDir, { recursive: true, force: true });
  io.stdout.write(`removed ${stateDir}: the next \`runbook lab start\` builds a new lab\n`);
}

export async function setPower(
  io: CliIo,
  target: string,
  isPoweredOn: boolean,
  options: InventoryOption
): Promise<void> {
  const stateDir = labStateDir(io);
  const verb = isPoweredOn ? 'recover' : 'fail';
  const record = await readLiveRuntimeRecord(stateDir);
  if (record) {
    const after = (await callLabAdmin(record, 'POST', `/${verb}`, { target })) as LabStatus;
    io.stdout.write(`${target}: powered ${isPoweredOn ? 'on' : 'off'}\n\n${renderLabStatus(after)}`);
    return;
  }
  const { inventory } = await loadLabInventory(io, options);
  if (!(await loadWorldState(stateDir)))
    throw new LabCommandError(`no lab in ${stateDir} yet`, ExitCode.REFUSED, 'runbook lab start');
  const lab = await loadLab(stateDir, { inventory, speed: 0 });
  try {
    powerInWorld(lab.world, worldTarget(inventory, target), isPoweredOn);
    await lab.save();
  } finally {
    await lab.close();
  }
  io.stdout.write(
    `${target}: powered ${isPoweredOn ? 'on' : 'off'} in the saved lab (it takes effect when the lab starts)\n`
  );
}

/** `runbook lab dirty-rate VM RATE`: how fast a VM's guest dirties its memory (a migration may never converge). */
export async function setDirtyRate(io: CliIo, vm: string, rate: string, options: InventoryOption): Promise<void> {
  const bytesPerSecond = parseRate(rate);
  if (bytesPerSecond === undefined) {
    throw new LabCommandError(`cannot read "${rate}" as a rate`, ExitCode.USAGE, 'write e.g. 200MiB/s or 1GiB/s');
  }
  const stateDir = labStateDir(io);
  const record = await readLiveRuntimeRecord(stateDir);
  if (record) {
    await callLabAdmin(record, 'POST', '/dirty-rate', { vm, rate });
    io.stdout.write(`${vm}: its guest dirties ${rate} of memory\n`);
    return;
  }
  const { inventory } = await loadLabInventory(io, options);
  if (!(await loadWorldState(stateDir)))
    throw new LabCommandError(`no lab in ${stateDir} yet`, ExitCode.REFUSED, 'runbook lab start');
  const lab = await loadLab(stateDir, { inventory, speed: 0 });
  try {
    lab.world.setDirtyRate(vm, bytesPerSecond);
    await lab.save();
  } finally {
    await lab.close();
  }
  io.stdout.write(`${vm}: its guest dirties ${rate} of memory in the saved lab (from the next start)\n`);
}
