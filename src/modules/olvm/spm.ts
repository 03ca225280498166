/**
 * `olvm.spm`: the Storage Pool Manager sits on a host of the given site. With `force: true` the best host of
 * the site (highest SPM priority, up) is force-selected, once any election in progress has ended (the engine
 * refuses to force while a host contends) and only if that election did not put the SPM on the site; without it
 * the step waits for the engine's own election (as after a site failure). Registers the SPM host, its site and
 * the host it moved from.
 */
import type { SiteRole } from '../../inventory/types';
import { HostStatus, SpmStatus } from '../../olvm/types';
import { waitFor } from '../../olvm/wait';
import type { Event, Host, OlvmClient } from '../../olvm/types';
import type { ModuleContext, StepModule } from '../types';
import { planChanges, planNone, planUnknown } from '../types';
import { DURATION_SCHEMA, POLL_ARG_SCHEMA, SITE_ARG_SCHEMA, durationArg, siteArg, siteOfHost } from './args';
import { engineOf } from './engine-access';
import { OlvmModuleError } from './errors';
import { appliedSpmChange, SpmOutcome } from './spm-outcome';
import { planSnapshot } from './snapshot';
import { EventCode } from './event-codes';
import { WaitVoice } from './wait-voice';
import { WriteLog } from './write';

const NAME = 'olvm.spm';

export interface OlvmSpmArgs {
  site: string;
  /** Force-select a host of the site instead of waiting for the engine to elect one. */
  force?: boolean;
  /** The host to force-select (default: the up host of the site with the highest SPM priority). */
  host?: string;
  timeout?: string | number;
  poll?: string | number;
}

interface SpmPlanData {
  role: SiteRole;
  fromHost: string | null;
  candidate?: { id: string; name: string };
}

function chooseCandidate(ctx: ModuleContext, hosts: readonly Host[], role: SiteRole, wanted?: string): Host | string {
  const eligible = hosts
    .filter((h) => siteOfHost(ctx.inventory, h.name) === role && h.status === HostStatus.UP && h.spm.priority > -1)
    .sort((a, b) => b.spm.priority - a.spm.priority || a.name.localeCompare(b.name));
  const chosen = wanted === undefined ? eligible[0] : eligible.find((h) => h.name === wanted);
  if (chosen !== undefined) return chosen;
  return wanted === undefined
    ? `no host of site ${role} is up with an SPM priority above -1`
    : `host ${wanted} is not an up host of site ${role} that may be SPM (priority above -1)`;
}

function spmOf(hosts: readonly Host[]): Host | undefined {
  return hosts.find((h) => h.spm.status === SpmStatus.SPM);
}

/** Polls the hosts until `isDone` accepts them, saying what is still awaited every so often. */
async function pollHosts<T>(
  ctx: ModuleContext,
  client: OlvmClient,
  args: OlvmSpmArgs,
  what: { description: string; awaited: string },
  check: (hosts: Host[]) => { value: T | undefined; seen: string }
): Promise<T> {
  const timeoutMs = durationArg(NAME, ctx, 'timeout', args.timeout, 10 * 60_000);
  const pollMs = durationArg(NAME, ctx, 'poll', args.poll, 3_000);
  let last = 'not read yet';
  const voice = new WaitVoice(ctx, client.clock, () => `${last}; ${what.awaited}`);
  return waitFor(
    async () => {
      const { value, seen } = check(await client.hosts.list({ signal: ctx.signal }));
      last = seen;
      return value;
    },
    {
      timeoutMs,
      intervalMs: pollMs,
      maxIntervalMs: pollMs,
      signal: ctx.signal,
      description: what.description,
      clock: client.clock,
      onPoll: voice.onPoll,
    },
    () => last
  );
}

function describeSpm(hosts: readonly Host[]): string {
  const spm = spmOf(hosts);
  const contenders = hosts.filter((h) => h.spm.status === SpmStatus.CONTENDING).map((h) => h.name);
  if (contenders.length > 0) return `${contenders.join(', ')} contending`;
  return spm === undefined ? 'no SPM' : `SPM on ${spm.name}`;
}

async function waitForSpmOnSite(ctx: ModuleContext, client: OlvmClient, role: SiteRole, args: OlvmSpmArgs) {
  return pollHosts(
    ctx,
    client,
    args,
    { description: `the SPM on site ${role}`, awaited: `waiting for a host of site ${role}` },
    (hosts) => {
      const spm = spmOf(hosts);
      const isOnSite = spm !== undefined && siteOfHost(ctx.inventory, spm.name) === role;
      return { value: isOnSite ? spm : undefined, seen: describeSpm(hosts) };
    }
  );
}

/**
 * The hosts once no election is in progress: the engine refuses to force-select while a host contends
 * (ForceSelectSPMCommand.validate: "already SPM or contending"), and an election that is about to end on the site
 * makes forcing needless.
 */
async function waitForElectionEnd(
  ctx: ModuleContext,
  client: OlvmClient,
  args: OlvmSpmArgs
): Promise<{ hosts: Host[]; hasSeenElection: boolean }> {
  let hasSeenElection = false;
  const hosts = await pollHosts(
    ctx,
    client,
    args,
    { description: 'the SPM election in progress to end', awaited: 'waiting for the election to end' },
    (hosts) => {
      const isContending = hosts.some((h) => h.spm.status === SpmStatus.CONTENDING);
      hasSeenElection ||= isContending;
      return { value: isContending ? undefined : hosts, seen: describeSpm(hosts) };
    }
  );
  return { hosts, hasSeenElection };
}

async function newestEventIndex(client: OlvmClient, signal: AbortSignal): Promise<number> {
  const [newest] = await client.events.list({ max: 1, signal });
  return newest?.index ?? 0;
}

interface MoveInput {
  since: number;
  spm: Host;
  data: SpmPlanData;
  /** Engine clock: when the force selection was sent, and when the polls saw the SPM on the site. */
  requestedAt: number;
  polledAt: number;
  signal: AbortSignal;
  /** Whether this step force-selected the SPM (not when an election already put it on the site). */
  isForced: boolean;
}

/**
 * The SPM move for the drill report: the engine's events since the step began (159 force selection, 204 election)
 * when it has them, else the step's own times on the engine clock (`by: polling`).
 */
async function measureMove(client: OlvmClient, input: MoveInput): Promise<Record<string, unknown>> {
  const events = await client.events.list({ from: input.since, signal: input.signal }).catch(() => []);
  // 204 names its host by address only (no id).
  const isSpmHost = (e: Event) =>
    e.host?.id === input.spm.id ||
    (e.hostName !== undefined && [input.spm.name, input.spm.address].includes(e.hostName));
  const elected = events
    .filter((e) => e.code === EventCode.IRS_HOSTED_ON_VDS && isSpmHost(e) && e.time !== undefined)
    .sort((a, b) => a.index - b.index)[0];
  const forced = events.find((e) => e.code === EventCode.USER_FORCE_SELECTED_SPM && e.host?.id === input.spm.id);
  const isForced = input.isForced;
  const lostAt = isForced ? (forced?.time ?? input.requestedAt) : undefined;
  const electedAt = elected?.time ?? input.polledAt;
  return {
    ...(input.data.fromHost !== null ? { from_host: input.data.fromHost } : {}),
    to_host: input.spm.name,
    ...(lostAt !== undefined ? { lost_at: lostAt, handover_ms: electedAt - lostAt } : {}),
    elected_at: electedAt,
    by: elected !== undefined ? 'events' : 'polling',
    ...(isForced ? { forced: true } : {}),
  };
}

/**
 * Force-selects the candidate once no election is in progress, unless the SPM is on the site by then (an election
 * in progress, or one since the plan, put it there).
 */
async function forceUnlessOnSite(
  ctx: ModuleContext,
  client: OlvmClient,
  force: { args: OlvmSpmArgs; role: SiteRole; log: WriteLog; candidate: { id: string; name: string } }
): Promise<SpmOutcome> {
  const { args, role, log, candidate } = force;
  const { hosts, hasSeenElection } = await waitForElectionEnd(ctx, client, args);
  const current = spmOf(hosts);
  if (current !== undefined && siteOfHost(ctx.inventory, current.name) === role) {
    return hasSeenElection ? SpmOutcome.ELECTED : SpmOutcome.ALREADY;
  }
  await log.write({
    operation: `SPM selection of host ${candidate.name}`,
    send: (correlationId) => client.hosts.forceSelectSpm(candidate.id, { correlationId, signal: ctx.signal }),
    isApplied: async () => (await client.hosts.get(candidate.id)).spm.status !== SpmStatus.NONE,
  });
  return SpmOutcome.FORCED;
}

export const olvmSpm: StepModule<OlvmSpmArgs, SpmPlanData> = {
  name: NAME,
  description: 'Make sure the SPM sits on a host of a site (force-select one when asked).',
  schema: {
    type: 'object',
    properties: {
      site: SITE_ARG_SCHEMA,
      force: { type: 'boolean', description: 'Force-select a host of the site (default: wait for the election).' },
      host: { type: 'string', minLength: 1, description: 'The host to force-select (default: highest priority, up).' },
      timeout: { ...DURATION_SCHEMA, description: 'How long to wait for the SPM (default 10m).' },
      poll: POLL_ARG_SCHEMA,
    },
    required: ['site'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const role = siteArg(NAME, ctx, args.site);
    const client = await engineOf(ctx);
    const hosts = await planSnapshot(ctx, client).hosts();
    const spm = spmOf(hosts);
    const fromHost = spm?.name ?? null;
    if (spm !== undefined && siteOfHost(ctx.inventory, spm.name) === role) {
      return planNone({ host: spm.name, site: role, from_host: spm.name });
    }
    if (args.force !== true) {
      const change = { path: 'spm', from: fromHost, to: `a host of ${role}`, note: 'would wait for the election' };
      return planChanges([change], { role, fromHost });
    }
    const candidate = chooseCandidate(ctx, hosts, role, args.host);
    if (typeof candidate === 'string') {
      // In a dry run an earlier step may be about to activate the site's hosts.
      if (ctx.isDryRun) return planUnknown(`${candidate} yet`);
      throw new OlvmModuleError(NAME, ctx, candidate);
    }
    const change = { path: 'spm', from: fromHost, to: candidate.name, note: `would force-select ${candidate.name}` };
    return planChanges([change], { role, fromHost, candidate: { id: candidate.id, name: candidate.name } });
  },
  async apply(ctx, args, plan) {
    const data = plan.data;
    if (data === undefined) return {};
    const client = await engineOf(ctx);
    const log = new WriteLog(ctx);
    const candidate = data.candidate;
    const since = await newestEventIndex(client, ctx.signal);
    const requestedAt = client.clock.now();
    const { spm, outcome } = await ctx.waiting(async () => {
      const outcome =
        candidate === undefined
          ? SpmOutcome.WAITED
          : await forceUnlessOnSite(ctx, client, { args, role: data.role, log, candidate });
      return { spm: await waitForSpmOnSite(ctx, client, data.role, args), outcome };
    });
    const polledAt = client.clock.now();
    const applied = appliedSpmChange({ outcome, candidate: candidate?.name, spm: spm.name, fromHost: data.fromHost });
    ctx.output(applied.note);
    ctx.output(`SPM on ${spm.name} (site ${data.role}), was ${data.fromHost ?? 'none'}`);
    const isForced = outcome === SpmOutcome.FORCED;
    const move = await measureMove(client, { since, spm, data, requestedAt, polledAt, signal: ctx.signal, isForced });
    return {
      result: { host: spm.name, site: data.role, from_host: data.fromHost, move },
      changes: [applied],
      correlationIds: log.correlationIds,
    };
  },
};
