/**
 * How the olvm.* modules reach the engine: the run's client, and the engine's event index when this run first
 * touched it (the default baseline of `olvm.wait`, which reads the engine's event feed from there on).
 */
import type { OlvmClient } from '../../olvm/types';
import type { ModuleContext } from '../types';

/** Undefined when the first read failed; `runBaseline` then reads again. */
const baselines = new WeakMap<OlvmClient, Promise<number | undefined>>();

/** The run's engine client; the first call of a run also notes the newest event index as the run's baseline. */
export async function engineOf(ctx: ModuleContext): Promise<OlvmClient> {
  const client = await ctx.services.engine();
  if (!baselines.has(client))
    baselines.set(
      client,
      readNewestEventIndex(client).catch(() => undefined)
    );
  return client;
}

/** The newest event index the engine had when this run first used it (0 when the feed was empty). */
export async function runBaseline(client: OlvmClient, signal?: AbortSignal): Promise<number> {
  const noted = await baselines.get(client);
  if (noted !== undefined) return noted;
  const index = await readNewestEventIndex(client, signal);
  baselines.set(client, Promise.resolve(index));
  return index;
}

async function readNewestEventIndex(client: OlvmClient, signal?: AbortSignal): Promise<number> {
  const [newest] = await client.events.list({ max: 1, ...(signal ? { signal } : {}) });
  return newest?.index ?? 0;
}
