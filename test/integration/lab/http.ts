/** Plain-fetch helpers for talking to the lab engine over real HTTP (no olvm client). */
import { XMLParser } from 'fast-xml-parser';
import type { LabEngine } from '../../../src/lab';
import { DEFAULT_LAB_PASSWORD } from '../../../src/lab';

export type Format = 'json' | 'xml';

/** A parsed response document: the tests read it as the loosely typed JSON it is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** JSON body, or the XML document parsed with attributes kept (root element included). */
  body: Doc;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

export function basicAuth(password = DEFAULT_LAB_PASSWORD): string {
  return 'Basic ' + Buffer.from(`admin@internal:${password}`).toString('base64');
}

export function ssoUrl(lab: LabEngine, path: string): string {
  return lab.url.replace(/\/api$/, '') + path;
}

export async function login(lab: LabEngine, password = DEFAULT_LAB_PASSWORD): Promise<string> {
  const res = await fetch(ssoUrl(lab, '/sso/oauth/token'), {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username: 'admin@internal', password }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface CallOptions {
  format?: Format;
  token?: string;
  auth?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

function encodeBody(body: unknown, format: Format): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (format === 'json') return JSON.stringify(body);
  throw new Error('XML bodies must be passed as strings');
}

export async function call(lab: LabEngine, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const format = options.format ?? 'json';
  const type = format === 'json' ? 'application/json' : 'application/xml';
  const headers: Record<string, string> = { Accept: type, ...(options.headers ?? {}) };
  headers['Authorization'] = options.auth ?? (options.token ? `Bearer ${options.token}` : basicAuth());
  const payload = encodeBody(options.body, format);
  if (payload !== undefined) headers['Content-Type'] = type;
  const res = await fetch(lab.url + path, { method, headers, body: payload });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const isXml = (res.headers.get('content-type') ?? '').includes('xml');
  const body = text === '' ? undefined : isJson ? JSON.parse(text) : isXml ? xml.parse(text) : text;
  return { status: res.status, headers: res.headers, text, body };
}

export const get = (lab: LabEngine, path: string, options: CallOptions = {}) => call(lab, 'GET', path, options);
export const post = (lab: LabEngine, path: string, body: unknown, options: CallOptions = {}) =>
  call(lab, 'POST', path, { ...options, body });
export const put = (lab: LabEngine, path: string, body: unknown, options: CallOptions = {}) =>
  call(lab, 'PUT', path, { ...options, body });
export const del = (lab: LabEngine, path: string, options: CallOptions = {}) => call(lab, 'DELETE', path, options);

/** Items of a JSON collection (`{}` when empty). */
export function items(body: Doc, key: string): Doc[] {
  return (body?.[key] as Doc[] | undefined) ?? [];
}
