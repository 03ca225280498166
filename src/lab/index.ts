/**
 * The embedded lab engine: an HTTP(S) server on loopback speaking the oVirt engine REST API v4 (JSON and XML)
 * over a simulated world on a virtual clock. See docs/lab-engine.md.
 */
import path from 'node:path';
import { resolveLabKnobs } from '../inventory/lab-knob-values';
import type { Inventory } from '../inventory/types';
import { RunbookError } from '../shared/errors';
import { FaultInjector } from './api/fault-injector';
import { buildRouter } from './api/routes';
import { startServer, type RunningServer } from './api/server';
import { SsoService } from './api/sso';
import { API_BASE } from './api/values';
import { WriteCounter } from './api/writes';
import { LabPki } from './pki/store';
import { buildWorldState } from './world/build';
import { ClockMode, VirtualClock } from './world/clock';
import type { EventLog } from './world/events';
import { DEFAULT_STATE_DIR, loadWorldState } from './world/persist';
import { Saver } from './saver';
import { applyPreinstalled } from './world/preset';
import { wireWorld } from './world/tasks';
import type { WorldState } from './world/model';
import { World } from './world/world';

export { ClockMode } from './world/clock';
export type { FaultKind, FaultRule } from './api/fault-injector';
export type { WriteRecord, WriteFilter } from './api/writes';
export { World } from './world/world';

export const DEFAULT_LAB_PASSWORD = 'runbook-lab';

export interface LabOptions {
  inventory: Inventory;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Serve HTTPS with the lab's own CA (default true, as an engine does); false: plain HTTP (tests). */
  https?: boolean;
  /** Where the world is saved; a saved world there is resumed. Default `.runbook/lab/` of the cwd. */
  stateDir?: string;
  /** Hosts already added and up, VMs running with HA and leases, site affinity groups. */
  preinstalled?: boolean;
  /** Virtual-clock speed (virtual ms per real ms); 0 = time moves only with `clock.advance`. */
  speed?: number;
  /** `auto`: jump straight to the next pending event (a drill in no time); default: real time at `speed`. */
  clockMode?: ClockMode;
  seed?: number;
  /** The admin@internal password (default `runbook-lab`). */
  password?: string;
}

export interface LabEngine {
  /** …/ovirt-engine/api */
  readonly url: string;
  readonly port: number;
  /** The CA certificate file clients should trust (https only). */
  readonly caFile: string | undefined;
  /** The engine's PKI: its CA, web server certificate, engine certificate and SSH key. */
  readonly pki: LabPki;
  readonly world: World;
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly writes: WriteCounter;
  readonly events: EventLog;
  readonly stateDir: string;
  /** Resolves once the API listens or refuses as the engine's state says (it follows the engine's death and start). */
  apiSettled(): Promise<void>;
  /** Save the world to `dir` (default the lab's state directory). Returns the file written. */
  save(dir?: string): Promise<string>;
  /** Save the world if a task fired or a write came since the last save. */
  saveIfChanged(): Promise<void>;
  /** The world changed outside the API and the clock (a host's command): the next saveIfChanged saves. */
  markChanged(): void;
  /** What an API answer waits for, with a state directory (default `saveIfChanged`; a whole lab adds its hosts). */
  persistWith(action: () => Promise<void>): void;
  close(): Promise<void>;
}

export class LabStartError extends RunbookError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'LAB_START_FAILED', cause });
  }
}

function createWorld(state: WorldState, options: Partial<LabOptions>, speed: number): World {
  const clock = new VirtualClock({
    now: state.clock.now,
    speed,
    mode: options.clockMode ?? (speed > 0 ? ClockMode.REALTIME : ClockMode.MANUAL),
  });
  const lab = options.inventory?.lab;
  const world = new World(state, clock, resolveLabKnobs(lab?.knobs), lab?.latencyMs);
  // The lab's cluster has the over-commit the engine gives a new cluster (the memory_over_commit knob).
  state.cluster.memoryOverCommit = world.knobs.memoryOverCommit;
  wireWorld(world);
  clock.restore(state.clock);
  return world;
}

function freshState(options: LabOptions): WorldState {
  const seed = options.seed ?? options.inventory.lab?.seed ?? 1;
  return buildWorldState(options.inventory, { preinstalled: options.preinstalled ?? false, seed, now: Date.now() });
}

function applyPreset(world: World, options: LabOptions): void {
  if (options.preinstalled) applyPreinstalled(world, options.inventory);
  world.settle();
}

/** A dead self-hosted engine answers nothing: the API's listener closes, and a restarted engine forgot its sessions. */
function followEngine(world: World, running: RunningServer, sso: SsoService): void {
  world.onEngineChange((isUp, isRestarted) => {
    if (isRestarted) sso.expireAll();
    void (isUp ? running.resume() : running.pause()).catch(() => undefined);
  });
}

/** Start a lab engine: resume the world saved in `stateDir` if there is one, else build it from the inventory. */
export async function startLabEngine(options: LabOptions): Promise<LabEngine> {
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const saved = options.stateDir !== undefined ? await loadWorldState(stateDir) : undefined;
  return launch(options, stateDir, saved);
}

/** Start a lab engine from the world saved in `dir` (the inventory is only needed if nothing was saved). */
export async function loadLab(dir: string, options: Partial<LabOptions> = {}): Promise<LabEngine> {
  const stateDir = path.resolve(dir);
  const saved = await loadWorldState(stateDir);
  if (saved === undefined && options.inventory === undefined) {
    throw new LabStartError(`no lab world saved in ${stateDir}`);
  }
  return launch(options as LabOptions, stateDir, saved);
}

async function launch(options: LabOptions, stateDir: string, saved: WorldState | undefined): Promise<LabEngine> {
  const speed = options.speed ?? options.inventory?.lab?.speed ?? 1;
  const world = createWorld(saved ?? freshState(options), options, speed);
  if (saved === undefined) applyPreset(world, options);
  const username = options.inventory?.engine.username ?? 'admin@internal';
  const sso = new SsoService(username, options.password ?? DEFAULT_LAB_PASSWORD);
  const faults = new FaultInjector(world.state.seed, () => sso.expireAll());
  const writes = new WriteCounter();
  const pki = new LabPki(path.join(stateDir, 'tls'));
  await pki.loadExisting();
  const tls = options.https !== false ? await pki.server() : undefined;
  const host = options.host ?? '127.0.0.1';
  const saver = new Saver(world, stateDir);
  const save = (dir?: string) => saver.save(dir);
  // A lab with a state directory answers only once what it answers is saved (a crash loses nothing a client saw).
  let persist = (): Promise<void> => saver.saveIfChanged();
  const beforeAnswer = async (isWrite: boolean): Promise<void> => {
    if (isWrite) saver.markChanged();
    await persist();
  };
  const deps = {
    world,
    router: buildRouter(),
    sso,
    faults,
    writes,
    pki,
    ...(options.stateDir !== undefined ? { beforeAnswer } : {}),
  };
  const running = await startServer(deps, host, options.port ?? 0, tls).catch((error: unknown) => {
    throw new LabStartError(`cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`, error);
  });
  followEngine(world, running, sso);
  if (!world.isEngineUp()) await running.pause();
  const scheme = tls ? 'https' : 'http';
  return {
    url: `${scheme}://${host}:${running.port}${API_BASE}`,
    port: running.port,
    caFile: tls !== undefined ? pki.caFile : undefined,
    pki,
    world,
    clock: world.clock,
    faults,
    writes,
    events: world.events,
    stateDir,
    apiSettled: () => running.settled(),
    save,
    saveIfChanged: () => saver.saveIfChanged(),
    markChanged: () => saver.markChanged(),
    persistWith(action: () => Promise<void>) {
      persist = action;
    },
    close: async () => {
      world.clock.stop();
      await running.close();
      await saver.flush();
      if (options.stateDir !== undefined) await save();
    },
  };
}
