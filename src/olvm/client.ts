/**
 * `createOlvmClient`: one engine, one SSO session, one connection pool, one concurrency limit. Nothing is sent
 * until the first call; `close()` logs out and releases the sockets.
 */
import { ConcurrencyLimiter } from '../shared/limiter';
import { SsoSession } from './auth';
import { DEFAULT_BACKOFF } from './backoff';
import { EngineClock } from './engine-clock';
import type { BackoffPolicy } from './backoff';
import { OlvmConfigError } from './errors';
import { createHttp } from './http';
import { createAffinityGroupsResource } from './resources/affinity';
import { createEventsResource, createJobsResource } from './resources/activity';
import { Api, NameBook } from './resources/api';
import { createHostsResource } from './resources/hosts';
import { readEngineInfo } from './resources/root';
import { createClustersResource, createDataCentersResource, createStorageDomainsResource } from './resources/topology';
import { createVmsResource } from './resources/vms';
import { createAgents } from './tls';
import { Transport } from './transport';
import type { OlvmClient, OlvmClientConfig } from './types';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 60_000;

export function createOlvmClient(config: OlvmClientConfig): OlvmClient {
  const apiBase = normalizeApiUrl(config.url);
  const onWarning = config.onWarning ?? (() => undefined);
  const { agents, session, limiter, transport } = connectEngine(config, apiBase, onWarning);
  const api = new Api(transport, new NameBook());
  let closing: Promise<void> | undefined;
  return {
    url: apiBase,
    isReadOnly: config.isReadOnly,
    clock: transport.clock,
    info: (options) => readEngineInfo(api, options),
    hosts: createHostsResource(api),
    vms: createVmsResource(api),
    clusters: createClustersResource(api),
    dataCenters: createDataCentersResource(api),
    storageDomains: createStorageDomainsResource(api),
    affinityGroups: (clusterId) => createAffinityGroupsResource(api, clusterId),
    jobs: createJobsResource(api),
    events: createEventsResource(api),
    stats: () => ({
      ...transport.stats,
      logins: session.logins,
      logouts: session.logouts,
      peakInFlight: limiter.peakInFlight,
    }),
    close: () => {
      closing ??= closeClient(transport, session, () => agents.destroy(), onWarning);
      return closing;
    },
  };
}

/** The layers under the resources: TLS agents, the SSO session, the concurrency limit and the transport. */
function connectEngine(config: OlvmClientConfig, apiBase: string, onWarning: (message: string) => void) {
  const onRequest = config.onRequest ?? (() => undefined);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...definedOnly(config.retry ?? {}) };
  const agents = createAgents({
    url: apiBase,
    isInsecure: config.insecure === true,
    onWarning,
    ...(config.caFile !== undefined ? { caFile: config.caFile } : {}),
  });
  const send = createHttp(agents, timeoutMs);
  const session = new SsoSession({
    engineBase: apiBase.replace(/\/api$/, ''),
    username: config.username,
    password: config.password,
    send,
    backoff,
    timeoutMs,
    onExchange: onRequest,
  });
  const limiter = new ConcurrencyLimiter(config.concurrency ?? DEFAULT_CONCURRENCY);
  const transport = new Transport({
    apiBase,
    isReadOnly: config.isReadOnly,
    send,
    session,
    limiter,
    backoff,
    timeoutMs,
    onRequest,
    clock: new EngineClock(),
  });
  return { agents, session, limiter, transport };
}

async function closeClient(
  transport: Transport,
  session: SsoSession,
  destroySockets: () => void,
  onWarning: (message: string) => void
): Promise<void> {
  transport.close();
  const failure = await session.logout();
  if (failure) onWarning(`engine logout failed (the token expires on its own): ${failure.message}`);
  destroySockets();
}

/** `https://e/ovirt-engine/api/` → `https://e/ovirt-engine/api`; anything not ending in /api is refused. */
export function normalizeApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OlvmConfigError(`engine url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new OlvmConfigError(`engine url ${url} must be http(s)`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/api')) {
    throw new OlvmConfigError(
      `engine url ${url} must end in /ovirt-engine/api`,
      'e.g. https://engine.example.com/ovirt-engine/api'
    );
  }
  return `${parsed.origin}${path}`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
