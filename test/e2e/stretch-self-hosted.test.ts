/**
 * The self-hosted procedure end to end on a fresh embedded lab, over HTTPS verified against the lab's CA and with
 * the engine's SSH key (no root password): install-self-hosted.yaml deploys the engine as a VM on kvm-a1
 * (hosted-engine --deploy), authorizes the engine's key on every host, adds kvm-b1 with the hosted-engine role
 * (deploy_hosted_engine) and the others without it, and configures the cluster. Then both drills pass, the
 * maintenance one (the engine VM moves to kvm-b1 and is migrated home) and the site outage (it dies with kvm-a1,
 * its agents restart it on kvm-b1, and it is migrated home). Verify fails while it runs on the secondary site.
 * Without a deployed hosted-engine host at the secondary site, preflight and the drill refuse before anything
 * changes; redeploying it fixes that.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode } from '../../src/shared/errors';
import { buildCliWithBin, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';
import { stretchViolations } from '../helpers/stretch-state';

jest.setTimeout(180_000);

const CLUSTER_HOSTS = ['kvm-a1', 'kvm-a2', 'kvm-a3', 'kvm-b1', 'kvm-b2', 'kvm-b3'];

const heRoleRunbook = (action: 'deploy' | 'undeploy') => `name: The hosted-engine role of kvm-b1 (${action})
steps:
  - id: role
    hosts: kvm-b1
    olvm.host: { state: active, hosted_engine: ${action}, poll: 1s }
`;

describe('install-self-hosted.yaml and the drills on a fresh self-hosted lab', () => {
  let lab: StretchLab;
  let launcher: string;
  beforeAll(() => {
    lab = freshStretchLab('lab-self-hosted.yaml');
    launcher = buildCliWithBin('self-hosted');
  });
  afterAll(() => {
    removeBuiltCli(launcher);
    lab.cleanup();
  });

  const heHosts = async () =>
    (await lab.world()).hosts
      .filter((host) => host.isHostedEngine)
      .map((host) => host.name)
      .sort();
  const outageDrill = () =>
    spawnCli(launcher, ['exec', resolve('runbooks/dr-drill-site-outage.yaml'), '-i', lab.inventoryPath, '--yes'], {
      cwd: lab.cwd,
      env: { RUNBOOK_LAB_FREE_PORTS: '1' },
    });
  const runRole = async (action: 'deploy' | 'undeploy') => {
    const file = join(lab.cwd, `he-${action}.yaml`);
    writeFileSync(file, heRoleRunbook(action));
    return lab.cli('exec', file, '-i', lab.inventoryPath);
  };

  it("installs over HTTPS with the engine's key: hosted-engine --deploy on kvm-a1, kvm-b1 added with the hosted-engine role", async () => {
    const result = await lab.exec('install-self-hosted.yaml');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/^lab: started in this process for the run \(engine https:\/\/127\.0\.0\.1:\d+\//);
    const inventory = await lab.inventory();
    expect(inventory.engine).toMatchObject({ insecure: false, caFile: join(lab.stateDir, 'lab', 'tls', 'ca.pem') });
    const installId = lab.runIds().at(-1)!;
    const statuses = (step: string) =>
      lab
        .finished(installId, step)
        .map((task) => [task.target, task.status])
        .sort();
    expect(statuses('he-deploy')).toEqual([
      ['kvm-a1', 'changed'],
      ['kvm-a2', 'skipped'],
      ['kvm-a3', 'skipped'],
    ]);
    expect(lab.finished(installId, 'engine-key')[0]?.result?.content).toMatch(/^ssh-rsa \S+ ovirt-engine\n$/);
    expect(statuses('authorize-engine')).toEqual(CLUSTER_HOSTS.map((host) => [host, 'changed']));
    expect(statuses('add-hosted-engine-hosts').filter(([, status]) => status !== 'skipped')).toEqual([
      ['kvm-a1', 'ok'],
      ['kvm-b1', 'changed'],
    ]);
    expect(statuses('add-hosts').filter(([, status]) => status !== 'skipped')).toEqual(
      ['kvm-a2', 'kvm-a3', 'kvm-b2', 'kvm-b3'].map((host) => [host, 'changed'])
    );
    expect(result.stdout).toContain("to cluster stretch with the engine's SSH key and the hosted-engine role");
    expect(result.stdout).not.toContain('root password');
    const world = await lab.world();
    expect(stretchViolations(world, inventory)).toEqual([]);
    expect(await heHosts()).toEqual(['kvm-a1', 'kvm-b1']);
    const engineVm = world.vms.find((vm) => vm.origin === 'managed_hosted_engine');
    expect(world.hosts.find((host) => host.id === engineVm?.hostId)?.name).toBe('kvm-a1');
    expect(lab.finished(installId, 'verify/checks/hosted-engine')[0]?.result).toMatchObject({
      ready: { primary: ['kvm-a1'], secondary: ['kvm-b1'] },
    });
  });

  it('changes nothing when run again', async () => {
    const result = await lab.exec('install-self-hosted.yaml');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/\d+ ok, 0 changed, \d+ skipped, 0 failed/);
  });

  it('fails over by maintenance with the engine VM, comes back, and ends at rest', async () => {
    const result = await lab.exec('dr-drill.yaml', '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('PASS; 5 of 5 VMs ran again on the other site');
    const world = await lab.world();
    expect(stretchViolations(world, await lab.inventory())).toEqual([]);
    const engineVm = world.vms.find((vm) => vm.origin === 'managed_hosted_engine');
    expect(engineVm?.status).toBe('up');
    expect(world.hosts.find((host) => host.id === engineVm?.hostId)?.isHostedEngine).toBe(true);
    expect(world.events.some((event) => event.vmId === engineVm?.id && event.code === 63)).toBe(true);
    // Nothing brings the engine VM home by itself: the drill migrates it back, and its summary says both moves.
    expect(world.hosts.find((host) => host.id === engineVm?.hostId)?.name).toBe('kvm-a1');
    expect(result.stdout).toContain(
      '[engine-home] (once): changed (' // then its time and the applied change
    );
    expect(result.stdout).toContain('engine_vm.host: kvm-b1 -> kvm-a1 (migrated HostedEngine from kvm-b1 to kvm-a1)');
    expect(result.stdout).toMatch(
      /Engine VM HostedEngine: kvm-a1 -> kvm-b1 at [\d:.]+, kvm-b1 -> kvm-a1 at [\d:.]+ \(polling\); now on kvm-a1\n/
    );
  });

  it('fails verify, saying where the engine VM runs, while it is on the secondary site; at rest once it is home', async () => {
    const move = (site: string) => {
      const file = join(lab.cwd, `engine-vm-${site}.yaml`);
      writeFileSync(
        file,
        `name: the engine VM to ${site}\nsteps:\n  - id: move\n    olvm.engine_vm: { site: ${site} }\n`
      );
      return lab.cli('exec', file, '-i', lab.inventoryPath);
    };
    expect((await move('secondary')).code).toBe(ExitCode.OK);
    const verify = await lab.exec('verify.yaml');
    expect(verify.code).toBe(ExitCode.STEP_FAILED);
    expect(verify.stdout).toContain(
      'engine VM {"name":"HostedEngine","status":"up","host":"kvm-b1","site":"secondary"}: assertion failed: ' +
        "primary_vms.engine_vm is none or primary_vms.engine_vm.site == 'primary'"
    );
    expect((await move('primary')).code).toBe(ExitCode.OK);
    expect((await lab.exec('verify.yaml')).code).toBe(ExitCode.OK);
  });

  it('passes the site-outage drill: the engine VM restarts on the deployed hosted-engine host of the secondary site', async () => {
    const drill = await outageDrill();
    expect(drill.stderr).toBe('');
    expect(drill.code).toBe(ExitCode.OK);
    const drillId = lab.runIds().at(-1)!;
    expect(lab.finished(drillId, 'hosted-engine-ready')[0]?.status).toBe('ok');
    expect(lab.finished(drillId, 'outage')[0]?.outputExcerpt).toContain('site:primary: powered off');
  });

  it('refuses the outage drill (and preflight) while no secondary host has the hosted-engine role, before any outage', async () => {
    const undeploy = await runRole('undeploy');
    expect(undeploy.code).toBe(ExitCode.OK);
    expect(undeploy.stdout).toContain(
      'hosted_engine: deployed -> not deployed (would reinstall kvm-b1 with undeploy_hosted_engine'
    );
    expect(await heHosts()).toEqual(['kvm-a1']);
    const preflight = await lab.exec('preflight.yaml', '-e', 'engine_installed=true');
    expect(preflight.code).toBe(ExitCode.STEP_FAILED);
    expect(preflight.stdout).toContain(
      'check.hosted_engine: no hosted-engine host ready on the secondary site (site-b): the engine VM cannot move ' +
        'there when the other site is lost; no hosted-engine configuration on kvm-b1, kvm-b2, kvm-b3 (kvm-b1: ' +
        'hosted_engine: true in the inventory, but not deployed: add or reinstall with deploy_hosted_engine'
    );
    const drill = await outageDrill();
    expect(drill.code).not.toBe(ExitCode.OK);
    expect(drill.stdout).toContain('[hosted-engine-ready] (once): failed');
    const drillId = lab.runIds().at(-1)!;
    expect(lab.finished(drillId, 'outage')).toEqual([]);
    const world = await lab.world();
    expect(world.hosts.every((host) => host.physical.isPoweredOn)).toBe(true);
  });

  it('deploys the role again by reinstalling kvm-b1 with deploy_hosted_engine, and preflight passes', async () => {
    const deploy = await runRole('deploy');
    expect(deploy.code).toBe(ExitCode.OK);
    expect(await heHosts()).toEqual(['kvm-a1', 'kvm-b1']);
    expect((await lab.exec('preflight.yaml', '-e', 'engine_installed=true')).code).toBe(ExitCode.OK);
  });

  it('leaves journals that pass runbook audit verify, none holding a secret', async () => {
    const ids = lab.runIds();
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of ids) {
      expect((await lab.cli('audit', 'verify', id)).code).toBe(ExitCode.OK);
      expect(readFileSync(join(lab.stateDir, 'runs', id, 'journal.jsonl'), 'utf8')).not.toContain('PRIVATE KEY');
    }
  });
});
