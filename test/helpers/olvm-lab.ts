/**
 * A lab engine on loopback and engine clients connected to it, for the client's integration tests. Every client
 * made here is closed with the lab; retries back off in milliseconds so fault tests stay quick.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import { createOlvmClient } from '../../src/olvm';
import type { OlvmClient, OlvmClientConfig, RequestReport } from '../../src/olvm';
import { makeInventory } from './inventory';

export interface OlvmLab {
  lab: LabEngine;
  /** A client of this lab; override any setting. Closed by `close()`. */
  connect(overrides?: Partial<OlvmClientConfig>): OlvmClient;
  close(): Promise<void>;
}

export interface OlvmLabOptions {
  https?: boolean;
  /** Virtual-clock speed; 0 = the clock moves only with lab.clock.advance. */
  speed?: number;
  preinstalled?: boolean;
}

export const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/**
 * An `onRequest` hook that moves the lab's (manual) clock forward by `stepMs` after every read of `pathPart`:
 * a wait then sees the world advance one step per poll, whatever the machine's speed, so its trail is the
 * same on every run.
 */
export function advanceClockOnReads(lab: LabEngine, stepMs: number, pathPart = '') {
  return (info: RequestReport): void => {
    if (info.method === 'GET' && info.status === 200 && info.path.includes(pathPart)) lab.clock.advance(stepMs);
  };
}

/**
 * Fast polling for waits driven by `advanceClockOnReads`. The timeout counts on the engine's clock (the lab's,
 * which every read moves forward), so it is as long as a real engine would need.
 */
export const POLL = { timeoutMs: 30 * 60_000, intervalMs: 2, maxIntervalMs: 5 };

export async function startOlvmLab(options: OlvmLabOptions = {}): Promise<OlvmLab> {
  const stateDir = await mkdtemp(join(tmpdir(), 'olvm-lab-'));
  const lab = await startLabEngine({
    inventory: makeInventory(),
    port: 0,
    preinstalled: options.preinstalled ?? true,
    speed: options.speed ?? 0,
    stateDir,
    ...(options.https ? { https: true } : {}),
  });
  const clients: OlvmClient[] = [];
  return {
    lab,
    connect: (overrides = {}) => {
      const client = createOlvmClient({
        url: lab.url,
        username: 'admin@internal',
        password: DEFAULT_LAB_PASSWORD,
        isReadOnly: false,
        retry: FAST_RETRY,
        timeoutMs: 10_000,
        ...(lab.caFile !== undefined ? { caFile: lab.caFile } : {}),
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      await lab.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
