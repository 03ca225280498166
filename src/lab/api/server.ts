/**
 * The lab's HTTP(S) server on loopback: SSO endpoints, the API, and the test hooks that sit in front of them
 * (the write counter and fault injection).
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { World } from '../world/world';
import type { HttpAnswer } from './api-handler';
import { handleApi } from './api-handler';
import type { FaultInjector } from './fault-injector';
import type { LabPki } from '../pki/store';
import { answerPkiResource, PKI_RESOURCE_PATH } from './pki-resource';
import type { Router } from './router';
import type { SsoService } from './sso';
import { SSO_LOGOUT_PATH, SSO_TOKEN_PATH } from './sso';
import type { WriteCounter } from './writes';
import { isWriteMethod } from './writes';
import { API_BASE } from './values';

export interface ServerDeps {
  world: World;
  router: Router;
  sso: SsoService;
  faults: FaultInjector;
  writes: WriteCounter;
  /**
   * Called before every API answer, with whether the request was a write (persistence: the world a client is
   * told about is on disk first).
   */
  beforeAnswer?: (isWrite: boolean) => Promise<void>;
  /** The engine's PKI, served at /ovirt-engine/services/pki-resource (no login needed). */
  pki?: LabPki;
}

export interface TlsMaterial {
  key: string;
  cert: string;
}

const DEFAULT_SLOW_MS = 2000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Every answer carries the engine's time in `Date`, as the engine's servlet container does: the lab's virtual
 * clock (Node would send the wall clock), the same clock as the API root's `time` and every event's `time`.
 */
function send(res: ServerResponse, answer: HttpAnswer, world: World): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    Date: new Date(world.now()).toUTCString(),
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

function jsonAnswer(status: number, body: unknown): HttpAnswer {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function injectedStatus(kind: string): HttpAnswer {
  const text = kind === '503' ? 'Service Unavailable' : kind === '502' ? 'Bad Gateway' : 'Internal Server Error';
  const body = `<html><head><title>${kind} ${text}</title></head><body><h1>${text}</h1></body></html>`;
  return { status: Number(kind), headers: { 'Content-Type': 'text/html' }, body };
}

function answerSso(deps: ServerDeps, req: IncomingMessage, pathname: string, raw: string): HttpAnswer | undefined {
  if (pathname === SSO_TOKEN_PATH && req.method === 'POST') {
    const result = deps.sso.issueToken(new URLSearchParams(raw), req.headers.accept);
    return jsonAnswer(result.status, result.body);
  }
  if (pathname === SSO_LOGOUT_PATH && req.method === 'POST') {
    const result = deps.sso.revoke(new URLSearchParams(raw));
    return jsonAnswer(result.status, result.body);
  }
  return undefined;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, hung: Set<Socket>) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const isApi = url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`);
  if (isApi && isWriteMethod(method)) deps.writes.record(method, url.pathname);
  const raw = await readBody(req);
  const fault = deps.faults.take(method, url.pathname + url.search);
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'hang') {
    hung.add(req.socket);
    return;
  }
  if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? DEFAULT_SLOW_MS));
  if (fault !== undefined && fault.kind !== 'slow') {
    send(res, injectedStatus(fault.kind), deps.world);
    return;
  }
  const sso = answerSso(deps, req, url.pathname, raw);
  if (sso !== undefined) return send(res, sso, deps.world);
  if (url.pathname === PKI_RESOURCE_PATH && method === 'GET' && deps.pki !== undefined)
    return send(res, await answerPkiResource(deps.pki, url.searchParams), deps.world);
  if (!isApi) return send(res, { status: 404, headers: {}, body: '' }, deps.world);
  const answer = handleApi(deps, req, url, raw);
  await deps.beforeAnswer?.(isWriteMethod(method));
  send(res, answer, deps.world);
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Stop accepting connections (refused) and drop the open ones: the engine is down. */
  pause(): Promise<void>;
  /** Listen again on the same port. */
  resume(): Promise<void>;
  /** Resolves once the last pause or resume took effect. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Refuses new connections at once and drops the open ones; resolves when the server has closed. */
function stopListening(server: Server, sockets: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  return closed;
}

export async function startServer(
  deps: ServerDeps,
  host: string,
  port: number,
  tls?: TlsMaterial
): Promise<RunningServer> {
  const hung = new Set<Socket>();
  const sockets = new Set<Socket>();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(deps, req, res, hung).catch((error: unknown) => {
      send(res, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: String(error) }, deps.world);
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, port, host);
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  let isListening = true;
  let pending = Promise.resolve();
  const pause = () => {
    if (!isListening) return pending;
    isListening = false;
    const closed = stopListening(server, sockets);
    pending = pending.then(() => closed);
    return pending;
  };
  const resume = () => {
    if (isListening) return pending;
    isListening = true;
    pending = pending.then(() => listen(server, actualPort, host));
    return pending;
  };
  return { server, port: actualPort, pause, resume, settled: () => pending, close: pause };
}
