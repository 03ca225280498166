/**
 * The running lab's own control endpoint, on 127.0.0.1 beside the engine and not part of the oVirt API:
 * `GET /runbook-lab/status`, `POST /runbook-lab/fail` and `/recover` with `{"target": ...}`, `POST /runbook-lab/stop`,
 * `POST /runbook-lab/dirty-rate` with `{"vm": ..., "rate": "200MiB/s"}`.
 * Every request carries the bearer token written to runtime.json (readable by the lab's owner only).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseRate } from '../inventory/lab-knob-values';
import { messageOf, RunbookError } from '../shared/errors';
import { setLabPower } from './power';
import type { RunningLab } from './runtime';
import { describeLab } from './status';

export const ADMIN_PREFIX = '/runbook-lab';
const MAX_BODY_BYTES = 4096;

export interface LabAdmin {
  /** `http://127.0.0.1:PORT/runbook-lab` */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export async function startLabAdmin(lab: RunningLab, onStop: () => void): Promise<LabAdmin> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    void answer(lab, token, onStop, request, response).catch((error: unknown) =>
      reply(response, 500, { error: messageOf(error) })
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${ADMIN_PREFIX}`,
    token,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  lab: RunningLab,
  token: string,
  onStop: () => void,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  if (!isAuthorized(request, token))
    return reply(response, 401, { error: 'missing or wrong token (see .runbook/lab/runtime.json)' });
  const route = `${request.method ?? ''} ${(request.url ?? '').split('?')[0] ?? ''}`;
  if (route === `GET ${ADMIN_PREFIX}/status`) return reply(response, 200, statusOf(lab));
  if (route === `POST ${ADMIN_PREFIX}/stop`) {
    reply(response, 200, { stopping: true });
    return onStop();
  }
  if (route === `POST ${ADMIN_PREFIX}/dirty-rate`) return answerDirtyRate(lab, await readBody(request), response);
  const power =
    route === `POST ${ADMIN_PREFIX}/fail` ? false : route === `POST ${ADMIN_PREFIX}/recover` ? true : undefined;
  if (power === undefined) return reply(response, 404, { error: `no ${route} here` });
  const target = readTarget(await readBody(request));
  if (target === undefined) return reply(response, 400, { error: 'the body must be {"target": "<host or site>"}' });
  try {
    await setLabPower(lab, target, power);
  } catch (error) {
    if (!(error instanceof RunbookError)) throw error;
    return reply(response, 400, { error: error.message });
  }
  reply(response, 200, statusOf(lab));
}

async function answerDirtyRate(lab: RunningLab, body: string, response: ServerResponse): Promise<void> {
  const request = readDirtyRate(body);
  if (typeof request === 'string') return reply(response, 400, { error: request });
  try {
    lab.engine.world.setDirtyRate(request.vm, request.bytesPerSecond);
  } catch (error) {
    if (!(error instanceof RunbookError)) throw error;
    return reply(response, 400, { error: error.message });
  }
  await lab.save();
  reply(response, 200, statusOf(lab));
}

/** `{"vm": "db-1", "rate": "200MiB/s"}`, or what is wrong with it. */
function readDirtyRate(body: string): { vm: string; bytesPerSecond: number } | string {
  const usage = 'the body must be {"vm": "<VM name>", "rate": "<rate like 200MiB/s>"}';
  let parsed: { vm?: unknown; rate?: unknown };
  try {
    parsed = JSON.parse(body) as { vm?: unknown; rate?: unknown };
  } catch {
    return usage;
  }
  if (typeof parsed.vm !== 'string' || typeof parsed.rate !== 'string') return usage;
  const bytesPerSecond = parseRate(parsed.rate);
  if (bytesPerSecond === undefined) return `cannot read "${parsed.rate}" as a rate (write e.g. 200MiB/s)`;
  return { vm: parsed.vm, bytesPerSecond };
}

function statusOf(lab: RunningLab): ReturnType<typeof describeLab> {
  const offMachines = Object.keys(lab.hosts.endpoints).filter((name) => !lab.hosts.isPoweredOn(name));
  return describeLab(lab.engine.world.snapshot(), lab.inventory, {
    isRunning: true,
    engineUrl: lab.engine.url,
    poweredOffMachines: offMachines,
  });
}

function isAuthorized(request: IncomingMessage, token: string): boolean {
  const given = Buffer.from((request.headers.authorization ?? '').replace(/^Bearer /, ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readTarget(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { target?: unknown };
    return typeof parsed.target === 'string' && parsed.target !== '' ? parsed.target : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) request.destroy(new Error('request body too large'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body) + '\n');
}
