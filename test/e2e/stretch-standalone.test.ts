/**
 * The README's main job, end to end on a fresh embedded lab with a standalone engine: install-standalone.yaml
 * brings bare machines to a verified stretch cluster (over HTTPS verified against the lab's CA, the hosts added
 * with the engine's SSH key, authorized on each of them first: no root password), then dr-drill.yaml fails the
 * primary site over by maintenance and back. After each run the lab's saved world must be an installed stretch
 * cluster at rest, and both journals must pass `runbook audit verify`.
 */
import { ExitCode } from '../../src/shared/errors';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';
import { stretchViolations } from '../helpers/stretch-state';

jest.setTimeout(120_000);

describe('install-standalone.yaml then dr-drill.yaml on a fresh standalone lab', () => {
  let lab: StretchLab;
  beforeAll(() => {
    lab = freshStretchLab('lab.yaml');
  });
  afterAll(() => lab.cleanup());

  it('plans the install on the bare lab in a dry run, adding nothing', async () => {
    const result = await lab.exec('install-standalone.yaml', '--dry-run');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('lab: started in this process for the run');
    expect(result.stdout).toContain('[add-hosts] kvm-a1: state: absent -> up (would add kvm-a1 (127.10.1.11)');
    expect(result.stdout).toContain('[configure/ha-lease] [db-1]: no VM "db-1" in the engine yet');
    expect((await lab.world()).hosts).toEqual([]);
  });

  it("installs the engine, then the hosts of both sites with the engine's key, over HTTPS, and leaves a stretch cluster at rest", async () => {
    const result = await lab.exec('install-standalone.yaml');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/^lab: started in this process for the run \(engine https:\/\/127\.0\.0\.1:\d+\//);
    expect((await lab.inventory()).engine).toMatchObject({
      insecure: false,
      caFile: expect.stringMatching(/tls\/ca\.pem$/),
    });
    const installId = lab.runIds().at(-1);
    const hosts = ['kvm-a1', 'kvm-a2', 'kvm-a3', 'kvm-b1', 'kvm-b2', 'kvm-b3'];
    expect(lab.finished(installId!, 'engine-key')[0]?.result?.content).toMatch(/^ssh-rsa \S+ ovirt-engine\n$/);
    const authorized = lab.finished(installId!, 'authorize-engine');
    expect(authorized.map((task) => [task.target, task.status]).sort()).toEqual(hosts.map((host) => [host, 'changed']));
    const added = lab.finished(installId!, 'add-hosts');
    expect(added.map((task) => [task.target, task.status]).sort()).toEqual(hosts.map((host) => [host, 'changed']));
    expect(result.stdout).toContain('[add-hosts] kvm-a1: changed');
    expect(result.stdout).toContain("to cluster stretch with the engine's SSH key");
    expect(lab.finished(installId!, 'engine-setup')[0]?.status).toBe('changed');
    expect(stretchViolations(await lab.world(), await lab.inventory())).toEqual([]);
  });

  it('changes nothing when run again', async () => {
    const result = await lab.exec('install-standalone.yaml');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/\d+ ok, 0 changed, \d+ skipped, 0 failed/);
  });

  it('plans the drill in a dry run without moving anything', async () => {
    const before = await lab.world();
    const result = await lab.exec('dr-drill.yaml', '--dry-run');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('status: up -> maintenance (would deactivate kvm-a1)');
    const after = await lab.world();
    const placement = (world: typeof before) => world.vms.map((vm) => [vm.name, vm.hostId, vm.status]);
    expect(placement(after)).toEqual(placement(before));
    expect(after.hosts.map((host) => host.status)).toEqual(before.hosts.map((host) => host.status));
  });

  it('refuses the failover when no one can confirm it (no terminal, no --yes)', async () => {
    const result = await lab.exec('dr-drill.yaml');
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(stretchViolations(await lab.world(), await lab.inventory())).toEqual([]);
  });

  it('fails the primary site over to the secondary one and back, and ends at rest', async () => {
    const result = await lab.exec('dr-drill.yaml', '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('RTO 4m00s (from the inventory): PASS; 5 of 5 VMs ran again on the other site');
    const drillId = lab.runIds().at(-1)!;
    const inventory = await lab.inventory();
    const moved = lab.finished(drillId, 'failover-vms')[0]?.result?.vms as Array<Record<string, unknown>>;
    const failingOver = inventory.vms.filter((vm) => vm.site === 'primary' && vm.highAvailability);
    expect(moved.map((vm) => vm.name).sort()).toEqual(failingOver.map((vm) => vm.name).sort());
    for (const vm of moved) {
      expect(inventory.hosts[vm.to_host as string]?.site).toBe('secondary');
      expect(vm.recovery_ms).toBe((vm.up_at as number) - (vm.left_at as number));
    }
    const spm = lab.finished(drillId, 'failover-spm')[0]?.result?.spm as Record<string, string>;
    expect(inventory.hosts[spm.to_host!]?.site).toBe('secondary');
    expect(lab.finished(drillId, 'failback').map((task) => task.status)).toEqual(['changed', 'changed', 'changed']);
    expect(stretchViolations(await lab.world(), inventory)).toEqual([]);
  });

  it('leaves journals (two dry runs, two installs, a refusal, a drill) that pass runbook audit verify', async () => {
    const ids = lab.runIds();
    expect(ids).toHaveLength(6);
    for (const id of ids) {
      const verified = await lab.cli('audit', 'verify', id);
      expect(verified.code).toBe(ExitCode.OK);
      expect(verified.stdout).toContain('intact');
    }
  });
});
