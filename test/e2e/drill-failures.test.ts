/**
 * The shipped drills when they go badly (issue #13), on the lab through the CLI: `runbook exec` of the drill, then
 * `runbook report RUN --json`. Each scenario asserts the verdict, the VM list and both exit codes, and that a drill
 * refused by a precondition changed nothing:
 * - the fail-over question rendered with the sites' names (no terminal, no --yes: exit 4);
 * - both soft site-affinity groups deleted: verify and the drill's readiness fail, naming them;
 * - a secondary host down: preflight (exit 1) and the drill's readiness (exit 7, the verdict naming the check and
 *   the host) name it; the capacity check does not count it and passes (exit 0: the other two have room);
 * - every secondary host down: the capacity check fails (exit 1) naming each VM without room and each host, and the
 *   drill is refused by its readiness check naming the three hosts (exit 7);
 * - secondary hosts too small for a failover in the order the engine brings the VMs (host by host): the
 *   maintenance drill is refused by check.capacity, naming the VM and the host with the most room;
 * - the same site outage with the preconditions skipped: a VM finds no room, the drill fails naming it and its
 *   reason, and says where the cluster stands and what to run next.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DrillReportDocument } from '../../src/report/json';
import { ExitCode } from '../../src/shared/errors';
import type { CliResult } from '../helpers/cli';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';

jest.setTimeout(240_000);

const FAILING_OVER = ['app-1', 'app-2', 'db-1', 'db-2', 'web-1'];

async function reportOf(lab: StretchLab): Promise<{ shown: CliResult; report: DrillReportDocument }> {
  const shown = await lab.cli('report', lab.runIds().at(-1)!, '--json');
  return { shown, report: JSON.parse(shown.stdout) as DrillReportDocument };
}

/** Every cluster host up and every VM where it ran: what a refused drill must leave. */
async function placementOf(lab: StretchLab) {
  const world = await lab.world();
  return {
    hosts: world.hosts.map((h) => [h.name, h.status]),
    vms: world.vms.map((vm) => [vm.name, vm.status, vm.hostId]),
  };
}

/** A precondition refused the drill: exec and report exit 7, FAIL, no VM in the recovery list, stopped at it. */
async function expectRefusedAt(lab: StretchLab, drill: CliResult, stepId: string) {
  expect(drill.code).toBe(ExitCode.DRILL_FAILED);
  expect(drill.stdout).toContain('RTO 4m00s (from the inventory): FAIL');
  expect(drill.stdout).toContain(`Stopped before the failover (nothing changed) at step "${stepId}"`);
  expect(drill.stdout).toContain('Next: nothing was changed. Fix what the check above names, then run the drill again');
  const { shown, report } = await reportOf(lab);
  expect(shown.code).toBe(ExitCode.DRILL_FAILED);
  expect(report.rto.verdict).toBe('fail');
  expect(report.recoveries).toEqual([]);
  expect(report.stopped).toMatchObject({ stepId, isPrecondition: true });
  return report;
}

describe('the shipped drills on an installed standalone lab, when a precondition does not hold', () => {
  let lab: StretchLab;
  beforeAll(async () => {
    lab = freshStretchLab('lab.yaml');
    expect((await lab.exec('install-standalone.yaml')).code).toBe(ExitCode.OK);
  });
  afterAll(() => lab?.cleanup());

  it('asks the fail-over question with the sites named (rendered), and stops without a terminal: exit 4', async () => {
    const refused = await lab.exec('dr-drill.yaml');
    expect(refused.code).toBe(ExitCode.REFUSED);
    const said = refused.stdout + refused.stderr;
    expect(said).toContain(
      'Fail over now? Every host of the primary site (site-a) goes into maintenance and its VMs migrate to the ' +
        'secondary site (site-b).'
    );
    expect(said).not.toContain('{{');
  });

  it('fails verify and refuses the drill when both soft site-affinity groups are gone, naming them', async () => {
    const before = await placementOf(lab);
    writeFileSync(
      join(lab.cwd, 'drop-affinity.yaml'),
      `name: drop the site affinity groups
steps:
  - id: drop
    loop: [site-a-affinity, site-b-affinity]
    olvm.affinity_group: { name: "{{ item }}", state: absent }
`
    );
    expect((await lab.cli('exec', join(lab.cwd, 'drop-affinity.yaml'), '-i', lab.inventoryPath)).code).toBe(
      ExitCode.OK
    );
    const verify = await lab.exec('verify.yaml');
    expect(verify.code).toBe(ExitCode.STEP_FAILED);
    const missing = [
      "no soft VM-to-host affinity group keeps the primary site's VMs on its hosts (db-1, db-2, app-1, app-2, web-1, batch-1)",
      "no soft VM-to-host affinity group keeps the secondary site's VMs on its hosts (db-3, db-4, app-3, app-4, web-2, cache-1)",
    ];
    for (const line of missing) expect(verify.stdout).toContain(line);
    const drill = await lab.exec('dr-drill.yaml', '--yes');
    await expectRefusedAt(lab, drill, 'ready');
    for (const line of missing) expect(drill.stdout).toContain(line);
    expect(await placementOf(lab)).toEqual(before);
    expect((await lab.exec('install-standalone.yaml')).code).toBe(ExitCode.OK);
  });

  it('names a secondary host that is down in preflight and in the drill, counting only the others', async () => {
    expect((await lab.cli('lab', 'fail', 'kvm-b3', '-i', lab.inventoryPath)).code).toBe(ExitCode.OK);
    const preflight = await lab.exec('preflight.yaml', '-e', 'engine_installed=true');
    expect(preflight.code).toBe(ExitCode.STEP_FAILED);
    expect(preflight.stdout).toContain('kvm-a1 got no reply from kvm-b3 (100% packet loss)');
    const drill = await lab.exec('dr-drill.yaml', '--yes');
    const report = await expectRefusedAt(lab, drill, 'ready');
    // The verdict names the precondition and the host, in the summary and in the report.
    const down = /host kvm-b3 of the secondary site is (connecting|non_responsive), not up/;
    const verdict = drill.stdout.split('\n').find((line) => line.includes('a precondition was not met'));
    expect(verdict).toMatch(
      /^ {2}- a precondition was not met, so the drill never failed over: step "ready" \(check\.ha_readiness\): /
    );
    expect(verdict).toMatch(down);
    expect(report.stopped).toMatchObject({ module: 'check.ha_readiness', error: expect.stringMatching(down) });
    const world = await lab.world();
    expect(world.hosts.filter((h) => h.name.startsWith('kvm-a')).map((h) => h.status)).toEqual(['up', 'up', 'up']);
    // The other two secondary hosts still have room for every VM (128 GiB each): the check passes (exit 0), saying
    // it did not count kvm-b3. It is the readiness check above that refuses the drill.
    writeFileSync(join(lab.cwd, 'capacity.yaml'), 'name: capacity\nsteps:\n  - id: capacity\n    check.capacity: {}\n');
    const capacity = await lab.cli('exec', join(lab.cwd, 'capacity.yaml'), '-i', lab.inventoryPath);
    expect(capacity.code).toBe(ExitCode.OK);
    expect(capacity.stdout).toContain('secondary: 2 hosts can take VMs, room for 6 of 6 VMs that come in a failover');
    expect(capacity.stdout + capacity.stderr).toMatch(
      /kvm-b3 \((connecting|non_responsive)\) cannot take VMs in a failover: not counted/
    );
  });

  it('fails the capacity check (exit 1) and refuses the drill (exit 7) when no secondary host can take VMs', async () => {
    // kvm-b3 is down since the test above. The engine notices a host lost at its next refresh of it: the runbook
    // reads the engine until it has (an olvm.wait would make the run a drill, which exits 7), then checks. Each
    // retry's delay is 18 engine seconds at lab speed 180.
    for (const host of ['kvm-b1', 'kvm-b2']) {
      expect((await lab.cli('lab', 'fail', host, '-i', lab.inventoryPath)).code).toBe(ExitCode.OK);
    }
    writeFileSync(
      join(lab.cwd, 'capacity-noticed.yaml'),
      `name: capacity once the engine saw the secondary hosts down
steps:
  - id: noticed
    olvm.facts: {}
    register: facts
    until: "facts.hosts['kvm-b1'].status != 'up' and facts.hosts['kvm-b2'].status != 'up'"
    retries: 300
    delay: 100ms
  - id: capacity
    check.capacity: {}
`
    );
    const capacity = await lab.cli('exec', join(lab.cwd, 'capacity-noticed.yaml'), '-i', lab.inventoryPath);
    expect(capacity.code).toBe(ExitCode.STEP_FAILED);
    // The six VMs of the primary site come in a failover. So do those of the secondary site the engine has already
    // restarted on a primary host (their hosts are non-responsive, and soft affinity lets them go there): how many
    // depends on how far the engine got before the check read it (a second of wall time is three engine minutes
    // at lab speed 180). Each one counted is named, and the problems are as many as the VMs counted.
    const counted = /secondary: 0 hosts can take VMs, room for 0 of (\d+) VMs that come in a failover/.exec(
      capacity.stdout
    );
    expect(counted).not.toBeNull();
    // The problems show under the step and again in the run's summary of failures.
    const named = [
      ...new Set([...capacity.stdout.matchAll(/- no secondary host has room for VM ([\w-]+) \(/g)].map((m) => m[1])),
    ];
    expect(named).toHaveLength(Number(counted![1]));
    expect(named).toEqual(expect.arrayContaining([...FAILING_OVER, 'batch-1']));
    const secondaryVms = ['db-3', 'db-4', 'app-3', 'app-4', 'web-2', 'cache-1'];
    for (const vm of named.filter((name) => ![...FAILING_OVER, 'batch-1'].includes(name!))) {
      expect(secondaryVms).toContain(vm);
    }
    expect(capacity.stdout).toMatch(/hosts that cannot take VMs: kvm-b1 \(\w+\), kvm-b2 \(\w+\), kvm-b3 \(\w+\)/);
    expect(capacity.stdout).toContain(
      `Failed:\n  [capacity] (once): step "capacity": check.capacity failed (${named.length} problems)`
    );
    const drill = await lab.exec('dr-drill.yaml', '--yes');
    const report = await expectRefusedAt(lab, drill, 'ready');
    for (const host of ['kvm-b1', 'kvm-b2', 'kvm-b3']) {
      expect(report.stopped?.error).toMatch(new RegExp(`host ${host} of the secondary site is \\w+, not up`));
    }
    const world = await lab.world();
    expect(world.hosts.filter((h) => h.name.startsWith('kvm-a')).map((h) => h.status)).toEqual(['up', 'up', 'up']);
  });
});

describe('the shipped drills on a lab whose secondary hosts have 20 GiB each', () => {
  let lab: StretchLab;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-small-site-'));
    const inventory = join(dir, 'lab-small.yaml');
    const shipped = readFileSync(resolve('inventories/lab.yaml'), 'utf8');
    writeFileSync(inventory, shipped.replace(/(kvm-b\d: \{ address: [\d.]+)/g, '$1, vars: { memory: 20GiB }'));
    lab = freshStretchLab(inventory);
    const install = await lab.exec('install-standalone.yaml');
    // Installed; its verification already says the secondary site cannot take every VM in every order.
    expect(install.code).toBe(ExitCode.STEP_FAILED);
    expect(install.stdout).toContain('[verify/checks/capacity] (once): failed');
  });
  afterAll(() => {
    lab?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the maintenance drill before anything changes, naming the VM, the order and the roomiest host', async () => {
    const before = await placementOf(lab);
    const drill = await lab.exec('dr-drill.yaml', '--yes');
    await expectRefusedAt(lab, drill, 'capacity');
    expect(drill.stdout).toMatch(
      /no secondary host has room for VM [\w-]+ \([\d.]+GiB with the engine's overhead\) when the VMs of kvm-a\d, then kvm-a\d, then kvm-a\d come in that order \(the engine takes them host by host\): the most any up host has left is [\d.]+GiB \(kvm-b\d\)/
    );
    expect(await placementOf(lab)).toEqual(before);
  });

  it('fails a site outage run past its preconditions where a VM finds no room, naming it and where things stand', async () => {
    const drill = await lab.exec('dr-drill-site-outage.yaml', '--yes', '-t', 'failover,failback,verify');
    expect(drill.code).toBe(ExitCode.DRILL_FAILED);
    expect(drill.stdout).toMatch(
      /RTO 4m00s \(from the inventory\): FAIL; 4 of 5 VMs ran again on the other site \(1 NOT recovered\)/
    );
    expect(drill.stdout).toMatch(
      /- [\w-]+ never ran again on the other site: unknown on kvm-a\d \(non_responsive\), not on site secondary/
    );
    expect(drill.stdout).toContain('Primary site NOT emptied');
    expect(drill.stdout).toContain(
      'Stopped at step "failover-vms" (olvm.wait): gave up waiting for 5 of 5 VMs on secondary'
    );
    expect(drill.stdout).toMatch(
      /Where the cluster stands now \(read from the engine at [^)]+\):\n {2}hosts: kvm-a1 non_responsive/
    );
    expect(drill.stdout).toContain('dr-drill-site-outage.yaml --start-at failed-over --yes');
    const { shown, report } = await reportOf(lab);
    expect(shown.code).toBe(ExitCode.DRILL_FAILED);
    expect(report.rto.verdict).toBe('fail');
    expect(report.recoveries.map((m) => m.name).sort()).toEqual(FAILING_OVER);
    const lost = report.recoveries.filter((m) => m.outcome === 'not_recovered');
    expect(lost).toHaveLength(1);
    expect(lost[0]?.why).toMatch(/^unknown on kvm-a\d \(non_responsive\), not on site secondary/);
    expect(report.recoveries.filter((m) => m.outcome === 'recovered' && m.how === 'restarted')).toHaveLength(4);
  });
});
