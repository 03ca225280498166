/**
 * `check.latency`: the round trip between the sites, measured over SSH with `ping -c 3 -q` from each primary host
 * (or from the task's host) to a sample of the secondary hosts, against the procedure's limit for the inventory's
 * engine kind: 100 ms for a standalone engine, 7 ms for a self-hosted one. The procedure bounds the latency between
 * the sites (seed: "the maximum latency requirements between the sites across the L2 network"), so each host pings
 * `sample` hosts of the other site (default 3), rotated so that together they reach every host of it: the probes grow
 * with the hosts, not with their square, and every host is measured.
 */
import { EngineKind, MAX_SITE_LATENCY_MS } from '../../inventory/types';
import type { HostEntry } from '../../inventory/types';
import type { ModuleContext, StepModule } from '../types';
import { planNone } from '../types';
import { OlvmModuleError } from '../olvm/errors';
import { NAME_SET_SCHEMA, selectHosts } from '../olvm/select';
import type { NameSet } from '../olvm/select';
import type { CheckProblem } from './errors';
import { Procedure, verdict } from './errors';
import { parsePing, pingCommand, probeHost } from './probe';
import type { RoundTrip } from './probe';

const NAME = 'check.latency';

export interface CheckLatencyArgs {
  /** Hosts pinging (default: the task's host, else every primary host). */
  from?: NameSet;
  /** Hosts pinged (default: every secondary host). */
  to?: NameSet;
  count?: number;
  /** How many hosts of `to` each host pings (more when needed to reach every one of them). */
  sample?: number;
  /** A stricter limit than the procedure's, ms. */
  max_ms?: number;
}

function hostsOf(ctx: ModuleContext, field: string, set: NameSet | undefined, fallback: string[]): HostEntry[] {
  const names = set === undefined ? fallback : selectHosts(NAME, ctx, field, set);
  if (names.length === 0) throw new OlvmModuleError(NAME, ctx, `${field} names no host`, { code: 'INVALID_ARGS' });
  return names.map((name) => ctx.inventory.hosts[name] as HostEntry);
}

/**
 * The targets that source `index` of `count` pings: `sample` of them (more when the sources could not otherwise reach
 * every target), starting where the previous source stopped, so that together the sources reach every target.
 */
export function sampleTargets<T>(targets: readonly T[], index: number, count: number, sample: number): T[] {
  if (targets.length === 0) return [];
  const each = Math.min(targets.length, Math.max(sample, Math.ceil(targets.length / Math.max(1, count))));
  const start = (index * each) % targets.length;
  return Array.from({ length: each }, (_, j) => targets[(start + j) % targets.length] as T);
}

/** Each source with the targets it pings: its place among its peers decides which sample it takes. */
function pairsOf(ctx: ModuleContext, sources: HostEntry[], targets: HostEntry[], sample: number, isTaskHost: boolean) {
  const peers = isTaskHost ? peersOf(ctx, sources[0] as HostEntry) : sources.map((s) => s.name);
  return sources.flatMap((from) =>
    sampleTargets(targets, Math.max(0, peers.indexOf(from.name)), peers.length, sample).map((to) => ({ from, to }))
  );
}

/** The hosts a task host shares the check with: its site's (every task of the step takes its own sample). */
function peersOf(ctx: ModuleContext, host: HostEntry): string[] {
  return host.site !== undefined ? ctx.inventory.sites[host.site].hosts : Object.keys(ctx.inventory.hosts);
}

async function measure(ctx: ModuleContext, from: HostEntry, to: HostEntry, count: number): Promise<RoundTrip> {
  const result = await probeHost(ctx, from, pingCommand(to.address, count));
  return parsePing(from.name, to.name, `${result.stdout}\n${result.stderr}`);
}

function problemOf(trip: RoundTrip, limitMs: number, allows: string): CheckProblem | undefined {
  const reason = allows.startsWith('a self-hosted') ? Procedure.LATENCY_SELF_HOSTED : Procedure.LATENCY_STANDALONE;
  if (trip.avgMs === undefined) {
    return { text: `${trip.from} got no reply from ${trip.to} (${trip.loss ?? 'no'} packet loss)`, reason };
  }
  if (trip.avgMs <= limitMs) return undefined;
  return {
    text: `round trip ${trip.from} -> ${trip.to} is ${trip.avgMs} ms, over the ${limitMs} ms ${allows}`,
    reason,
  };
}

export const checkLatency: StepModule<CheckLatencyArgs> = {
  name: NAME,
  isReadOnly: true,
  description: 'Round trip between the sites over SSH (ping) against 100 ms (standalone) or 7 ms (self-hosted).',
  schema: {
    type: 'object',
    properties: {
      from: { ...NAME_SET_SCHEMA, description: "Hosts that ping (default: the task's host, else site:primary)." },
      to: { ...NAME_SET_SCHEMA, description: 'Hosts pinged (default: site:secondary).' },
      count: { type: 'integer', minimum: 1, maximum: 20, default: 3, description: 'Pings per pair.' },
      sample: {
        type: 'integer',
        minimum: 1,
        default: 3,
        description:
          'Hosts of `to` each host pings, rotated so that together they reach every one (more when needed); ' +
          'the number of hosts of `to` probes every pair.',
      },
      max_ms: { type: 'number', exclusiveMinimum: 0, description: "A stricter limit than the procedure's, ms." },
    },
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const kind = ctx.inventory.engine.kind;
    const procedureMs = MAX_SITE_LATENCY_MS[kind];
    const limitMs = Math.min(procedureMs, args.max_ms ?? procedureMs);
    const allows =
      limitMs < procedureMs
        ? 'this check allows'
        : kind === EngineKind.SELF_HOSTED
          ? 'a self-hosted engine allows'
          : 'a standalone engine allows';
    const defaultFrom = ctx.target !== undefined ? [ctx.target.name] : ctx.inventory.sites.primary.hosts;
    const sources = hostsOf(ctx, 'from', args.from, defaultFrom);
    const targets = hostsOf(ctx, 'to', args.to, ctx.inventory.sites.secondary.hosts);
    const count = args.count ?? 3;
    const isTaskHost = args.from === undefined && ctx.target !== undefined;
    const pairs = pairsOf(ctx, sources, targets, args.sample ?? 3, isTaskHost);
    const trips = await Promise.all(pairs.map(({ from, to }) => measure(ctx, from, to, count)));
    const problems = trips.flatMap((trip) => problemOf(trip, limitMs, allows) ?? []);
    const worst = Math.max(...trips.map((t) => t.avgMs ?? Number.POSITIVE_INFINITY));
    for (const trip of trips) ctx.output(`${trip.from} -> ${trip.to}: ${trip.avgMs ?? '-'} ms`);
    return planNone(
      verdict(NAME, ctx, problems, {
        engine_kind: kind,
        limit_ms: limitMs,
        worst_ms: Number.isFinite(worst) ? worst : null,
        round_trips: trips.map((t) => ({ from: t.from, to: t.to, avg_ms: t.avgMs ?? null, max_ms: t.maxMs ?? null })),
      })
    );
  },
  apply() {
    return Promise.resolve({});
  },
};
