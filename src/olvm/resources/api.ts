/**
 * What every resource does with the transport: list a collection, get one object, write one, run an action.
 * It turns parse failures into OlvmApiError (PROTOCOL), normalises correlation ids, and remembers object names
 * so that messages say `host kvm-a1` rather than a UUID.
 */
import { normalizeCorrelationId } from '../correlation';
import { OlvmApiError, OlvmFailure, OlvmParseError } from '../errors';
import type { HttpMethod } from '../http';
import type { ActionResult } from '../model';
import { parseActionReply } from '../parse/activity';
import { readList } from '../scalars';
import type { Json } from '../scalars';
import { buildQuery } from '../search';
import type { QueryOptions } from '../search';
import type { ApiRequest, Transport } from '../transport';
import type { WaitClock } from '../engine-clock';
import type { GetOptions, WriteOptions } from '../types';

export interface Named {
  id: string;
  name?: string;
}

/** id → name, filled from every object read; used only for messages. */
export class NameBook {
  private readonly names = new Map<string, string>();

  remember(object: Named): void {
    if (object.name) this.names.set(object.id, object.name);
  }

  /** `host kvm-a1`, or `host 5f1e…` when the name was never seen. */
  label(kind: string, id: string): string {
    return `${kind} ${this.names.get(id) ?? id}`;
  }
}

export interface ListSpec<T> {
  path: string;
  /** The collection key: `host` in `{"host":[…]}`. */
  key: string;
  parse: (value: unknown) => T;
  /** Plural, for messages: `hosts`. */
  what: string;
  options?: QueryOptions & { signal?: AbortSignal };
}

export interface WriteSpec<T> {
  method: HttpMethod;
  path: string;
  body?: Json;
  query?: Array<[string, string]>;
  operation: string;
  options: WriteOptions;
  parse: (value: unknown) => T;
}

export class Api {
  constructor(
    private readonly transport: Transport,
    readonly names: NameBook
  ) {}

  /** The engine's clock (status waits count on it). */
  get clock(): WaitClock {
    return this.transport.clock;
  }

  async list<T extends Named>(spec: ListSpec<T>): Promise<T[]> {
    const options = spec.options ?? {};
    const query = buildQuery(options);
    const operation = `list of ${spec.what}${options.search !== undefined ? ` (search: ${query[0]?.[1] ?? ''})` : ''}`;
    const request: ApiRequest = { method: 'GET', path: spec.path, query, operation, ...signalOf(options.signal) };
    const reply = await this.transport.request(request);
    return this.parseWith(request, () => readList(reply.body, spec.key).map(spec.parse)).map((item) => this.seen(item));
  }

  async get<T extends Named>(
    path: string,
    parse: (value: unknown) => T,
    subject: string,
    options: GetOptions = {}
  ): Promise<T> {
    const query = buildQuery(options);
    const request: ApiRequest = {
      method: 'GET',
      path,
      query,
      operation: `get of ${subject}`,
      ...signalOf(options.signal),
    };
    const reply = await this.transport.request(request);
    return this.seen(this.parseWith(request, () => parse(reply.body)));
  }

  /** GET of something that is not a named object (the API root). */
  async read<T>(path: string, parse: (value: unknown) => T, subject: string, signal?: AbortSignal): Promise<T> {
    const request: ApiRequest = { method: 'GET', path, query: [], operation: `get of ${subject}`, ...signalOf(signal) };
    const reply = await this.transport.request(request);
    return this.parseWith(request, () => parse(reply.body));
  }

  async write<T>(spec: WriteSpec<T>): Promise<T> {
    const request = this.writeRequest(spec);
    const reply = await this.transport.request(request);
    return this.parseWith(request, () => spec.parse(reply.body));
  }

  /** POST an action; a `failed` reply with a 2xx status is still a failure. */
  async action(path: string, body: Json, operation: string, options: WriteOptions): Promise<ActionResult> {
    const request = this.writeRequest({ method: 'POST', path, body, operation, options, parse: (v) => v });
    const reply = await this.transport.request(request);
    const action = parseActionReply(reply.body);
    if (action.status === 'failed') {
      throw new OlvmApiError({
        failure: OlvmFailure.HTTP,
        operation,
        method: 'POST',
        path,
        status: reply.status,
        ...action.fault,
        correlationId: request.correlationId ?? '',
        isRetryable: false,
      });
    }
    return {
      status: action.status,
      ...(action.job ? { job: action.job } : {}),
      correlationId: request.correlationId ?? '',
    };
  }

  private writeRequest<T>(spec: WriteSpec<T>): ApiRequest {
    return {
      method: spec.method,
      path: spec.path,
      ...(spec.query && spec.query.length > 0 ? { query: spec.query } : {}),
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      operation: spec.operation,
      correlationId: normalizeCorrelationId(spec.options.correlationId),
      ...signalOf(spec.options.signal),
    };
  }

  private seen<T extends Named>(item: T): T {
    this.names.remember(item);
    return item;
  }

  private parseWith<T>(request: ApiRequest, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof OlvmParseError)) throw error;
      throw new OlvmApiError({
        failure: OlvmFailure.PROTOCOL,
        operation: request.operation,
        method: request.method,
        path: request.path,
        detail: error.message,
        ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
        isRetryable: false,
        cause: error,
      });
    }
  }
}

export function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/** Path segment for an id: opaque, so always encoded. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
