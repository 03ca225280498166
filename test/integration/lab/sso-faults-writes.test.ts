import type { LabEngine } from '../../../src/lab';
import { basicAuth, call, get, login, post, ssoUrl } from './http';
import { startTestLab } from './lab-fixture';

async function tokenRequest(lab: LabEngine, form: Record<string, string>, accept = 'application/json') {
  const res = await fetch(ssoUrl(lab, '/sso/oauth/token'), {
    method: 'POST',
    headers: { Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const GOOD = { grant_type: 'password', scope: 'ovirt-app-api', username: 'admin@internal', password: 'runbook-lab' };

describe('the lab SSO', () => {
  let lab: LabEngine;
  beforeAll(async () => {
    lab = await startTestLab({ password: 'runbook-lab' });
  });
  afterAll(() => lab.close());

  it('issues a bearer token with its scope and expiry (epoch ms as a string)', async () => {
    const { status, body } = await tokenRequest(lab, GOOD);
    expect(status).toBe(200);
    expect(body.token_type).toBe('bearer');
    expect(body.scope).toContain('ovirt-app-api');
    expect(body.exp).toMatch(/^\d{13}$/);
    expect((await get(lab, '/hosts', { token: body.access_token })).status).toBe(200);
  });

  it.each([
    ['a wrong password', { ...GOOD, password: 'nope' }, 'application/json', 'access_denied'],
    ['a wrong grant type', { ...GOOD, grant_type: 'client_credentials' }, 'application/json', 'unsupported_grant_type'],
    ['a missing API scope', { ...GOOD, scope: 'ovirt-app-admin' }, 'application/json', 'invalid_scope'],
    ['an Accept header other than application/json', GOOD, '*/*', 'invalid_request'],
  ])('refuses %s with 400 and an error code', async (_what, form, accept, code) => {
    const { status, body } = await tokenRequest(lab, form, accept);
    expect(status).toBe(400);
    expect(body.error_code).toBe(code);
  });

  it('answers 401 without credentials and accepts Basic auth', async () => {
    expect((await call(lab, 'GET', '/hosts', { auth: '' })).status).toBe(401);
    expect((await call(lab, 'GET', '/hosts', { auth: basicAuth('wrong') })).status).toBe(401);
    expect((await call(lab, 'GET', '/hosts', { auth: basicAuth() })).status).toBe(200);
  });

  it('revokes a token at logout', async () => {
    const token = await login(lab);
    const res = await fetch(ssoUrl(lab, '/services/sso-logout'), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ scope: 'ovirt-app-api', token }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await get(lab, '/hosts', { token })).status).toBe(401);
  });

  it('keeps a cookie session with Prefer: persistent-auth', async () => {
    const first = await get(lab, '', { headers: { Prefer: 'persistent-auth' } });
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^JSESSIONID=/);
    const res = await fetch(`${lab.url}/hosts`, {
      headers: { Accept: 'application/json', Cookie: cookie, Prefer: 'persistent-auth' },
    });
    expect(res.status).toBe(200);
  });

  it('answers 400 to an unsupported Version header', async () => {
    expect((await get(lab, '/hosts', { headers: { Version: '3' } })).status).toBe(400);
    expect((await get(lab, '/hosts', { headers: { Version: '4' } })).status).toBe(200);
  });
});

describe('lab fault injection', () => {
  let lab: LabEngine;
  beforeEach(async () => {
    lab = await startTestLab();
  });
  afterEach(() => lab.close());

  it.each(['503', '502', '500'] as const)(
    'answers %s on the chosen path for the chosen number of times',
    async (kind) => {
      lab.faults.inject({ path: '/vms', kind, times: 2 });
      expect((await get(lab, '/vms')).status).toBe(Number(kind));
      expect((await get(lab, '/hosts')).status).toBe(200);
      expect((await get(lab, '/vms')).status).toBe(Number(kind));
      expect((await get(lab, '/vms')).status).toBe(200);
    }
  );

  it('plays a scripted sequence in the order the rules were injected, per method', async () => {
    lab.faults.inject({ method: 'POST', path: /\/deactivate$/, kind: '503', times: 1 });
    lab.faults.inject({ method: 'POST', path: /\/deactivate$/, kind: '502', times: 1 });
    const [host] = (await get(lab, '/hosts')).body.host;
    expect((await get(lab, `/hosts/${host.id}/deactivate`)).status).toBe(405);
    expect((await post(lab, `/hosts/${host.id}/deactivate`, {})).status).toBe(503);
    expect((await post(lab, `/hosts/${host.id}/deactivate`, {})).status).toBe(502);
    expect((await post(lab, `/hosts/${host.id}/deactivate`, {})).status).toBe(200);
    expect(lab.faults.history().map((f) => f.kind)).toEqual(['503', '502']);
  });

  it('drops the connection', async () => {
    lab.faults.inject({ path: '/hosts', kind: 'drop', times: 1 });
    await expect(get(lab, '/hosts')).rejects.toThrow();
    expect((await get(lab, '/hosts')).status).toBe(200);
  });

  it('never answers a hung request (the client gives up) and answers the next one', async () => {
    lab.faults.inject({ path: '/hosts', kind: 'hang', times: 1 });
    const hung = fetch(`${lab.url}/hosts`, {
      headers: { Authorization: basicAuth() },
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    expect((await get(lab, '/hosts')).status).toBe(200);
  });

  it('answers a slow request normally in the end', async () => {
    lab.faults.inject({ path: '/clusters', kind: 'slow', delayMs: 50, times: 1 });
    expect((await get(lab, '/clusters')).status).toBe(200);
    expect(lab.faults.history()).toEqual([{ kind: 'slow', method: 'GET', path: '/ovirt-engine/api/clusters' }]);
  });

  it('affects a repeatable share of requests with a failure rate', async () => {
    lab.faults.inject({ path: '/vms', kind: '503', rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get(lab, '/vms')).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    lab.faults.clear();
    expect((await get(lab, '/vms')).status).toBe(200);
  });

  it('expires every token issued so far', async () => {
    const token = await login(lab);
    lab.faults.expireTokens();
    expect((await get(lab, '/hosts', { token })).status).toBe(401);
    expect((await get(lab, '/hosts', { token: await login(lab) })).status).toBe(200);
  });
});

describe('the lab write counter', () => {
  let lab: LabEngine;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(() => lab.close());

  it('counts POST, PUT and DELETE by method and path, and neither reads nor SSO', async () => {
    await login(lab);
    const [host] = (await get(lab, '/hosts')).body.host;
    await get(lab, '/vms');
    expect(lab.writes.count()).toBe(0);
    await post(lab, `/hosts/${host.id}/deactivate`, {});
    await call(lab, 'PUT', `/hosts/${host.id}`, { body: { comment: 'x' } });
    await call(lab, 'DELETE', '/hosts/unknown-id');
    expect(lab.writes.count()).toBe(3);
    expect(lab.writes.count({ method: 'POST' })).toBe(1);
    expect(lab.writes.count({ path: /deactivate$/ })).toBe(1);
    expect(lab.writes.list().map((w) => w.method)).toEqual(['POST', 'PUT', 'DELETE']);
    lab.writes.reset();
    expect(lab.writes.count()).toBe(0);
  });
});
