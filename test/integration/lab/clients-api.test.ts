/**
 * What other oVirt clients use beyond the project's own: Basic authentication refused as the engine's SSO
 * refuses it, the console ticket and reboot (virt-viewer, libgovirt), job actions the engine refuses for its own
 * jobs, `follow` by attribute name, and host and VM details that agree with each other.
 */
import type { LabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import type { Doc } from './http';
import { basicAuth, get, items, post, ssoUrl } from './http';
import { hostByName, startTestLab, vmByName } from './lab-fixture';

const GIB = 1024 ** 3;

function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

describe('clients other than ours', () => {
  let lab: LabEngine;

  beforeAll(async () => {
    lab = await startTestLab({ inventory: makeInventory() });
  });
  afterAll(() => lab.close());

  it('refuses wrong Basic credentials with 401, the challenge and the SSO reason', async () => {
    expect((await get(lab, '/hosts', { auth: basicAuth() })).status).toBe(200);
    const cases: [string, string][] = [
      [basic('admin@internal', 'wrong'), "Cannot authenticate user 'admin@internal': Unable to log in. Verify"],
      [basic('admin', 'runbook-lab'), "Cannot authenticate user 'admin@N/A': No valid profile found in credentials.."],
      [basic('admin@ldap', 'runbook-lab'), "Cannot authenticate user 'admin@ldap': No valid profile found"],
      [basic('@internal', 'runbook-lab'), "Cannot authenticate user '@internal': No user name found in credentials.."],
    ];
    for (const [auth, reason] of cases) {
      const res = await get(lab, '/hosts', { auth });
      expect({ status: res.status, challenge: res.headers.get('www-authenticate') }).toEqual({
        status: 401,
        challenge: 'Basic realm="RESTAPI"',
      });
      expect(res.text).toContain(`access_denied: ${reason}`);
    }
    const none = await fetch(`${lab.url}/hosts`);
    expect({ status: none.status, text: await none.text() }).toEqual({
      status: 401,
      text: '<html><head><title>Error</title></head><body>Unauthorized</body></html>',
    });
  });

  it('gives the token endpoint the same reason for a wrong password', async () => {
    const res = await fetch(ssoUrl(lab, '/sso/oauth/token'), {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        scope: 'ovirt-app-api',
        username: 'admin@internal',
        password: 'x',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error_code: 'access_denied',
      error:
        "Cannot authenticate user 'admin@internal': Unable to log in. Verify your login information or contact the " +
        'system administrator..',
    });
  });

  it('sets a console ticket on a running VM only', async () => {
    const vm = await vmByName(lab, 'app-1');
    const res = await post(lab, `/vms/${vm.id}/ticket`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'complete', ticket: { expiry: '7200' }, vm: { id: vm.id } });
    expect(res.body.ticket.value).toMatch(/^\S{8,}$/);
    const kept = await post(lab, `/vms/${vm.id}/ticket`, { ticket: { value: 'secret1', expiry: '60' } });
    expect(kept.body.ticket).toEqual({ value: 'secret1', expiry: '60' });
    expect((await post(lab, `/vms/${vm.id}/stop`, {})).status).toBe(200);
    const refused = await post(lab, `/vms/${vm.id}/ticket`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.fault.detail).toBe('[Cannot set Virtual Machine Ticket because the VM is in Down status.]');
  });

  it('reboots a running VM in place (event 157) and refuses a down one', async () => {
    const vm = await vmByName(lab, 'db-1');
    const res = await post(lab, `/vms/${vm.id}/reboot`, {}, { headers: { 'Correlation-Id': 'reboot-1' } });
    expect(res.body.status).toBe('complete');
    expect((await vmByName(lab, 'db-1')).status).toBe('up');
    const events = items((await get(lab, '/events?search=correlation_id%3Dreboot-1')).body, 'event');
    expect(events.map((e: Doc): unknown[] => [e.code, e.description])).toEqual([
      ['157', 'VM db-1 is rebooting. Rebooted by: admin@internal-authz'],
    ]);
    const down = await vmByName(lab, 'app-1');
    const refused = await post(lab, `/vms/${down.id}/reboot`, {});
    expect([refused.status, refused.body.fault.detail]).toEqual([
      409,
      '[Cannot restart VM because the VM is in Down status.]',
    ]);
  });

  it('refuses to clear or end the engine-s own jobs', async () => {
    const [job] = items((await get(lab, '/jobs')).body, 'job');
    for (const action of ['clear', 'end']) {
      const res = await post(lab, `/jobs/${job.id}/${action}`, {});
      expect([res.status, res.body.status, res.body.fault.detail]).toEqual([
        409,
        'failed',
        '[Cannot Clear External Job. External steps can be added only to external jobs or steps.]',
      ]);
    }
  });

  it('follows a sub-collection by the attribute it fills, not by its rel', async () => {
    const vm = await vmByName(lab, 'web-1');
    const followed = await get(lab, `/vms/${vm.id}?follow=disk_attachments,statistics`);
    expect(followed.status).toBe(200);
    expect(followed.body.disk_attachments).toEqual({});
    expect(items(followed.body.statistics, 'statistic').map((s: Doc): unknown => s.name)).toContain('memory.installed');
    expect((await get(lab, `/vms/${vm.id}?follow=diskattachments`)).status).toBe(400);
    const host = await hostByName(lab, 'kvm-a1');
    expect((await get(lab, `/hosts/${host.id}?follow=fenceagents`)).status).toBe(400);
  });

  it('describes hosts and VMs consistently with the lab world', async () => {
    const host = await hostByName(lab, 'kvm-a1');
    const { sockets, cores, threads } = host.cpu.topology;
    const nodes = items((await get(lab, `/hosts/${host.id}/numanodes`)).body, 'host_numa_node');
    expect(nodes).toHaveLength(Number(sockets));
    const cpus = nodes.flatMap((n: Doc): Doc[] => items(n.cpu.cores, 'core'));
    expect(cpus).toHaveLength(Number(sockets) * Number(cores) * Number(threads));
    expect(nodes.reduce((sum: number, n: Doc) => sum + Number(n.memory), 0)).toBe(Number(host.memory));
    expect(host.os).toMatchObject({ type: 'RHEL', custom_kernel_cmdline: '', description: 'Oracle Linux Server 8.9' });
    expect(host.certificate.subject).toBe(`O=${host.certificate.organization},CN=${host.address}`);
    const vm = await vmByName(lab, 'db-1');
    expect(Number(vm.memory)).toBe(8 * GIB);
    expect(vm.memory_policy).toEqual({ ballooning: 'true', guaranteed: 8 * GIB, max: 32 * GIB });
    expect(vm.cpu.topology).toEqual({ cores: '1', sockets: '2', threads: '1' });
    const stats = items((await get(lab, `/vms/${vm.id}/statistics`)).body, 'statistic');
    const installed = stats.find((s: Doc) => s.name === 'memory.installed');
    expect(items(installed.values, 'value')[0].datum).toBe(8 * GIB);
    const runningOn = await get(lab, String(vm.host.href).replace(/^\/ovirt-engine\/api/, ''));
    expect(vm.display).toMatchObject({ type: 'spice', address: runningOn.body.address });
  });
});
