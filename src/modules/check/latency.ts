/**
 * `check.latency`: the round trip between every primary and every secondary host, measured over SSH with
 * `ping -c 3 -q` from each primary host (or from the task's host), against the procedure's limit for the
 * inventory's engine kind: 100 ms for a standalone engine, 7 ms for a self-hosted one.
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
  /** A stricter limit than the procedure's, ms. */
  max_ms?: number;
}

function hostsOf(ctx: ModuleContext, field: string, set: NameSet | undefined, fallback: string[]): HostEntry[] {
  const names = set === undefined ? fallback : selectHosts(NAME, ctx, field, set);
  if (names.length === 0) throw new OlvmModuleError(NAME, ctx, `${field} names no host`, { code: 'INVALID_ARGS' });
  return names.map((name) => ctx.inventory.hosts[name] as HostEntry);
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
    const trips = await Promise.all(sources.flatMap((from) => targets.map((to) => measure(ctx, from, to, count))));
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
