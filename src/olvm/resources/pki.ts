/**
 * The engine's public PKI material: `GET /ovirt-engine/services/pki-resource?resource=R&format=F`, served without
 * a login (ovirt-api.md §3.3; ENGINE services/PKIResourceServlet.java): `ca-certificate` as `X509-PEM-CA` (the
 * CA to verify the engine with), `engine-certificate` as `OPENSSH-PUBKEY` (the key the engine logs in to hosts
 * with). It goes through the client's own sockets, so it is verified against the same CA file as the API.
 */
import { OlvmApiError, OlvmFailure, hintForFailure } from '../errors';
import { classifyNetworkError, excerptText } from '../http';
import type { HttpReply, HttpRequest } from '../http';
import type { PkiFormat, PkiResource, ReadOptions, RequestReport } from '../types';

export function createPkiReader(
  send: (request: HttpRequest) => Promise<HttpReply>,
  engineBase: string,
  onRequest: (info: RequestReport) => void
) {
  return async (resource: PkiResource, format: PkiFormat, options: ReadOptions = {}): Promise<string> => {
    const url = new URL(`${engineBase}/services/pki-resource`);
    url.search = new URLSearchParams({ resource, format }).toString();
    const operation = `read of the engine's ${resource} (${format})`;
    const base = { operation, method: 'GET', path: url.pathname };
    const started = Date.now();
    let reply: HttpReply;
    try {
      reply = await send({
        method: 'GET',
        url: url.toString(),
        headers: {},
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      const { failure } = classifyNetworkError(error);
      const hint = hintForFailure(failure);
      throw new OlvmApiError({ ...base, failure, isRetryable: false, cause: error, ...(hint ? { hint } : {}) });
    }
    onRequest({ method: 'GET', path: url.pathname, status: reply.status, durationMs: Date.now() - started });
    if (reply.status === 200 && typeof reply.body === 'string') return reply.body;
    const detail = typeof reply.body === 'string' ? excerptText(reply.body) : undefined;
    throw new OlvmApiError({
      ...base,
      failure: reply.status === 200 ? OlvmFailure.PROTOCOL : OlvmFailure.HTTP,
      status: reply.status,
      isRetryable: false,
      ...(detail !== undefined ? { detail } : { detail: 'an empty reply' }),
    });
  };
}
