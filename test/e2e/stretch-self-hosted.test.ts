/**
 * The self-hosted procedure end to end on a fresh embedded lab: install-self-hosted.yaml deploys the engine as a
 * VM on the first hosted-engine host of the primary site, adds the other hosts and configures the cluster; then
 * dr-drill.yaml fails the primary site over by maintenance (the engine VM moves to the secondary hosted-engine
 * host like the others) and back. The saved world must be at rest after each run, and both journals verify.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/shared/errors';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';
import { stretchViolations } from '../helpers/stretch-state';

jest.setTimeout(120_000);

describe('install-self-hosted.yaml then dr-drill.yaml on a fresh self-hosted lab', () => {
  let lab: StretchLab;
  beforeAll(() => {
    lab = freshStretchLab('lab-self-hosted.yaml');
  });
  afterAll(() => lab.cleanup());

  it('deploys the hosted engine on kvm-a1 only, adds the other hosts with the root password and leaves a stretch cluster at rest', async () => {
    const password = `root-${process.pid}-pw`;
    writeFileSync(join(lab.cwd, 'root-password'), `${password}\n`);
    const result = await lab.exec(
      'install-self-hosted.yaml',
      '-e',
      `hosts_root_password=file:${join(lab.cwd, 'root-password')}`
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    const [installId] = lab.runIds();
    const deploys = lab.finished(installId!, 'he-deploy').map((task) => [task.target, task.status]);
    expect(deploys.sort()).toEqual([
      ['kvm-a1', 'changed'],
      ['kvm-a2', 'skipped'],
      ['kvm-a3', 'skipped'],
    ]);
    const latency = lab.finished(installId!, 'preflight/latency')[0];
    expect(latency?.status).toBe('ok');
    expect(lab.finished(installId!, 'add-hosts').every((task) => task.status === 'skipped')).toBe(true);
    const added = lab.finished(installId!, 'add-hosts-password').map((task) => [task.target, task.status]);
    expect(added.sort()).toEqual([
      ['kvm-a1', 'ok'],
      ...['kvm-a2', 'kvm-a3', 'kvm-b1', 'kvm-b2', 'kvm-b3'].map((host) => [host, 'changed']),
    ]);
    const world = await lab.world();
    expect(stretchViolations(world, await lab.inventory())).toEqual([]);
    const engineVm = world.vms.find((vm) => vm.origin === 'managed_hosted_engine');
    expect(world.hosts.find((host) => host.id === engineVm?.hostId)?.name).toBe('kvm-a1');
    const journal = readFileSync(join(lab.stateDir, 'runs', installId!, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(password);
    expect(result.stdout).not.toContain(password);
  });

  it('fails over with the engine VM, comes back, and ends at rest', async () => {
    const result = await lab.exec('dr-drill.yaml', '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('PASS; 5 of 5 VMs ran again on the other site');
    const world = await lab.world();
    expect(stretchViolations(world, await lab.inventory())).toEqual([]);
    const engineVm = world.vms.find((vm) => vm.origin === 'managed_hosted_engine');
    expect(engineVm?.status).toBe('up');
    expect(world.hosts.find((host) => host.id === engineVm?.hostId)?.isHostedEngine).toBe(true);
    const moves = world.events.filter((event) => event.vmId === engineVm?.id && event.code === 63);
    expect(moves.length).toBeGreaterThan(0);
  });

  it('leaves two journals that pass runbook audit verify', async () => {
    const ids = lab.runIds();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await lab.cli('audit', 'verify', id)).code).toBe(ExitCode.OK);
  });
});
