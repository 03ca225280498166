/**
 * The sockets to one engine: keep-alive agents, TLS verified against the inventory's CA file (or the system's
 * trust store when none is given). Turning verification off must be explicit (`insecure: true`) and is reported
 * through `onWarning`; so is plain http to anything but loopback.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { OlvmConfigError } from './errors';

export interface TlsOptions {
  url: string;
  caFile?: string;
  isInsecure: boolean;
  onWarning: (message: string) => void;
}

export interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  destroy(): void;
}

export function createAgents(options: TlsOptions): Agents {
  warnAboutTransport(options);
  const ca = options.caFile && !options.isInsecure ? readCaFile(options.caFile) : undefined;
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    rejectUnauthorized: !options.isInsecure,
    ...(ca !== undefined ? { ca } : {}),
  });
  return {
    httpAgent,
    httpsAgent,
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function warnAboutTransport(options: TlsOptions): void {
  const url = new URL(options.url);
  if (url.protocol === 'https:' && options.isInsecure) {
    options.onWarning(
      `TLS verification of the engine at ${url.host} is OFF (insecure: true): anyone on the path can read the engine password`
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    options.onWarning(`the engine URL ${url.origin} is plain http: the engine password travels unencrypted`);
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]' || hostname === '::1';
}

function readCaFile(file: string): Buffer {
  const path = file.startsWith('~/') ? `${homedir()}/${file.slice(2)}` : file;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OlvmConfigError(
      `cannot read the engine CA file ${file} (${code ?? (error as Error).message}): record the engine's CA with \`runbook trust -i INVENTORY\``,
      'runbook trust fetches it from https://<engine>/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA, shows its fingerprint and writes engine.ca_file',
      error
    );
  }
}
