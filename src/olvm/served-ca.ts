/**
 * What CA an engine serves, fetched the way ssh-keyscan fetches a host key: once, without verification (there is
 * nothing to verify against yet), from `/ovirt-engine/services/pki-resource?resource=ca-certificate&format=
 * X509-PEM-CA` (ENGINE services/PKIResourceServlet.java). The TLS certificate the engine presented on the same
 * connection is kept, so the caller can check that the CA it served is the one that signed it.
 */
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { OlvmApiError, OlvmFailure, hintForFailure } from './errors';
import { classifyNetworkError, excerptText } from './http';

const PKI_PATH = '/ovirt-engine/services/pki-resource';

export interface ServedCa {
  /** The PEM the engine served (its first certificate). */
  pem: string;
  certificate: X509Certificate;
  /** The certificate the engine's TLS server presented, if it was https. */
  serverCertificate: X509Certificate | undefined;
}

/** Whether `ca` is a CA certificate that signed `server` (the engine's web server certificate). */
export function hasSigned(ca: X509Certificate, server: X509Certificate): boolean {
  return server.checkIssued(ca) && server.verify(ca.publicKey);
}

function get(url: URL, timeoutMs: number): Promise<{ status: number; body: string; peer: Buffer | undefined }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { rejectUnauthorized: false, agent: false, timeout: timeoutMs }, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate().raw : undefined;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), peer }));
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}

/** Fetch the CA certificate an engine serves, unverified; `apiUrl` is the inventory's `…/ovirt-engine/api`. */
export async function fetchServedCa(apiUrl: string, timeoutMs = 30_000): Promise<ServedCa> {
  const url = new URL(PKI_PATH, apiUrl);
  url.search = 'resource=ca-certificate&format=X509-PEM-CA';
  const base = { operation: "read of the engine's CA certificate", method: 'GET', path: PKI_PATH };
  let reply: Awaited<ReturnType<typeof get>>;
  try {
    reply = await get(url, timeoutMs);
  } catch (error) {
    const { failure } = classifyNetworkError(error);
    const hint = hintForFailure(failure);
    throw new OlvmApiError({
      ...base,
      failure,
      isRetryable: false,
      timeoutMs,
      cause: error,
      ...(hint ? { hint } : {}),
    });
  }
  if (reply.status !== 200) {
    throw new OlvmApiError({
      ...base,
      failure: OlvmFailure.HTTP,
      status: reply.status,
      detail: excerptText(reply.body),
      isRetryable: false,
    });
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(reply.body);
  } catch (error) {
    throw new OlvmApiError({
      ...base,
      failure: OlvmFailure.PROTOCOL,
      detail: `not a PEM certificate: ${excerptText(reply.body, 80)}`,
      isRetryable: false,
      cause: error,
    });
  }
  const serverCertificate =
    reply.peer !== undefined && reply.peer.length > 0 ? new X509Certificate(reply.peer) : undefined;
  return { pem: certificate.toString(), certificate, serverCertificate };
}
