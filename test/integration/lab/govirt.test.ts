/**
 * A third-party client Debian packages drives the lab: libgovirt (gir1.2-govirt-1.0, through python3-gi), as
 * virt-viewer uses it: HTTPS with the engine's CA, the SSO token a console file carries, the API root's links,
 * the VM, host and cluster collections, a VM search, the console ticket, stop and start. CI installs both
 * packages (.ci/run); a missing one fails this test, it never skips.
 *
 * What libgovirt 0.3.9 requests (seen on the wire): GET /ovirt-engine/api and the collections its root links
 * name, XML without an Accept header, headers `Filter`, `All-Content: true`, `Authorization: Bearer`; actions as
 * POST <action href>?async=false with an `<action/>` body; every GET carries an `<action></action>` body too.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LabEngine } from '../../../src/lab';
import { DEFAULT_LAB_PASSWORD } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import { removeTestdirs, testdir } from '../../helpers/testdir';
import { startTestLab } from './lab-fixture';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const CLIENT = path.join(__dirname, '../../helpers/govirt-client.py');

/** The SSO token the engine hands a console client (a .vv file's `sso-token`), over HTTPS trusting the lab CA. */
async function ssoToken(lab: LabEngine): Promise<string> {
  const ca = await readFile(lab.caFile ?? '', 'utf8');
  const form = new URLSearchParams({
    grant_type: 'password',
    scope: 'ovirt-app-api',
    username: 'admin@internal',
    password: DEFAULT_LAB_PASSWORD,
  }).toString();
  const url = new URL(lab.url.replace(/\/api$/, '/sso/oauth/token'));
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }
    );
    req.on('error', reject);
    req.end(form);
  });
  return (JSON.parse(body) as { access_token: string }).access_token;
}

describe('libgovirt (virt-viewer) against the lab over HTTPS', () => {
  let lab: LabEngine;
  let token: string;

  async function govirt(...args: string[]): Promise<Record<string, unknown>> {
    const host = new URL(lab.url).host;
    const { stdout } = await run(PYTHON, [CLIENT, host, lab.caFile ?? '', ...args], {
      env: { ...process.env, GOVIRT_SSO_TOKEN: token },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  beforeAll(async () => {
    const probe = await run(PYTHON, ['-c', "import gi; gi.require_version('GoVirt', '1.0')"]).catch((e: Error) => e);
    if (probe instanceof Error) {
      throw new Error(`libgovirt is not usable (apt-get install gir1.2-govirt-1.0 python3-gi): ${probe.message}`);
    }
    lab = await startTestLab({ inventory: makeInventory(), https: true, stateDir: await testdir({}) });
    token = await ssoToken(lab);
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
    await removeTestdirs();
  });

  it('lists the VMs, hosts and clusters with their states', async () => {
    const listed = await govirt('list');
    expect(Object.keys(listed['vms'] as object).sort()).toEqual(['app-1', 'batch-1', 'db-1', 'web-1']);
    expect(Object.values(listed['vms'] as object).map((vm: { state: string }) => vm.state)).toEqual([
      'up',
      'up',
      'up',
      'up',
    ]);
    expect(Object.keys(listed['hosts'] as object).sort()).toEqual(['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']);
    expect(Object.keys(listed['clusters'] as object)).toEqual(['stretch']);
    expect(Object.keys(listed['data_centers'] as object)).toEqual(['dc1']);
    expect(Object.keys(listed['storage_domains'] as object).sort()).toEqual(['data-a', 'data-b']);
  });

  it('gets a console ticket, stops and starts a VM, and reads the engine fault of a refused stop', async () => {
    const cycle = await govirt('cycle', 'web-1');
    expect(cycle).toMatchObject({
      before: 'up',
      display: { type: 'spice', port: 5900, ticket_length: 12, expiry: 7200 },
      after_stop: 'down',
      stop_again_error: 'Operation Failed: [Cannot stop VM. VM is not running.]',
      after_start: 'wait_for_launch',
    });
    expect((cycle['display'] as { address: string }).address).toMatch(/^127\./);
    lab.clock.advance(60_000);
    expect(await govirt('state', 'web-1')).toEqual({ state: 'up' });
  });
});
