import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../../src/lab/runtime-file';
import { ExitCode } from '../../src/shared/errors';
import { buildCli, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import { runCli, testdir, type CliResult, type TestDir } from '../helpers/cli';

const LAB_INVENTORY = readFileSync(join(__dirname, '..', '..', 'inventories', 'lab.yaml'), 'utf8');

/** Waits for `condition`, or for `running` to end first (the lab did not start), or 90 s on a loaded machine. */
async function until(condition: () => boolean, running: Promise<CliResult>): Promise<void> {
  let ended: CliResult | undefined;
  void running.then((result) => (ended = result));
  const deadline = Date.now() + 90_000;
  while (!condition() && ended === undefined && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (ended !== undefined && !condition()) throw new Error(`the lab ended before it ran: ${JSON.stringify(ended)}`);
  if (!condition()) throw new Error('the lab did not write its runtime record in 90 s');
}

describe('runbook lab in the foreground', () => {
  let dir: TestDir;
  let running: Promise<CliResult>;
  const lab = (...args: string[]) => runCli(['lab', ...args], { cwd: dir.path });

  beforeAll(async () => {
    dir = testdir({ 'inventories/lab.yaml': LAB_INVENTORY });
    running = runCli(['lab', 'start', '--free-ports', '--preinstalled', '--speed', '0'], { cwd: dir.path });
    await until(() => existsSync(join(dir.path, '.runbook', 'lab', 'runtime.json')), running);
  }, 120_000);
  afterAll(() => dir.cleanup());

  it('draws the sites, their hosts with the SPM, and where each VM runs', async () => {
    const result = await lab('status');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/^lab "lab": running, engine https:\/\/127\.0\.0\.1:\d+\/ovirt-engine\/api\n/);
    expect(result.stdout).toMatch(/\nsite-a \(primary\)\n {2}kvm-a1 +up +(SPM)? +\S/);
    expect(result.stdout).toMatch(/\noutside the cluster\n {2}engine +engine machine +-\n/);
    expect(result.stdout.match(/SPM/g)).toHaveLength(1);
  });

  it('prints the status as JSON', async () => {
    const status = JSON.parse((await lab('status', '--json')).stdout) as {
      isRunning: boolean;
      vms: { name: string; host?: string }[];
    };
    expect(status.isRunning).toBe(true);
    expect(status.vms.find((vm) => vm.name === 'db-1')?.host).toMatch(/^kvm-a\d$/);
  });

  it('powers a site off by its name, and refuses an unknown target', async () => {
    const failed = await lab('fail', 'site-b');
    expect(failed.code).toBe(ExitCode.OK);
    expect(failed.stdout).toMatch(/^site-b: powered off\n/);
    expect(failed.stdout).toMatch(/kvm-b1 +OFF/);
    const unknown = await lab('fail', 'site-z');
    expect(unknown.code).toBe(ExitCode.USAGE);
    expect(unknown.stderr).toContain('no host or site "site-z" in the lab (known: primary, secondary, kvm-a1');
    expect((await lab('recover', 'site:secondary')).stdout).not.toMatch(/OFF/);
  });

  it('sets how fast a guest dirties its memory, and refuses an unknown VM or a bad rate', async () => {
    const set = await lab('dirty-rate', 'db-1', '200MiB/s');
    expect({ code: set.code, stdout: set.stdout }).toEqual({
      code: ExitCode.OK,
      stdout: 'db-1: its guest dirties 200MiB/s of memory\n',
    });
    const unknown = await lab('dirty-rate', 'db-9', '200MiB/s');
    expect(unknown.code).not.toBe(ExitCode.OK);
    expect(unknown.stderr).toContain('no VM "db-9" in the lab (known: db-1');
    const bad = await lab('dirty-rate', 'db-1', 'fast');
    expect(bad.code).toBe(ExitCode.USAGE);
    expect(bad.stderr).toContain('cannot read "fast" as a rate');
  });

  it('refuses a second lab on the same state directory', async () => {
    const second = await lab('start', '--free-ports');
    expect(second.code).toBe(ExitCode.REFUSED);
    expect(second.stderr).toMatch(/a lab is already running \(pid \d+/);
  });

  it('stops on `runbook lab stop`, keeping its state for status, fail and recover', async () => {
    expect((await lab('stop')).stdout).toMatch(/^lab stopped \(pid \d+\)\n$/);
    const foreground = await running;
    expect(foreground.code).toBe(ExitCode.OK);
    expect(foreground.stdout).toContain('stop requested: stopping the lab');
    expect(existsSync(join(dir.path, '.runbook', 'lab', 'runtime.json'))).toBe(false);
    expect((await lab('fail', 'kvm-a3')).stdout).toBe(
      'kvm-a3: powered off in the saved lab (it takes effect when the lab starts)\n'
    );
    expect((await lab('dirty-rate', 'web-1', '1GiB/s')).stdout).toBe(
      'web-1: its guest dirties 1GiB/s of memory in the saved lab (from the next start)\n'
    );
    const offline = await lab('status');
    expect(offline.stdout).toMatch(/^lab "lab": stopped \(state saved\)\n/);
    expect(offline.stdout).toMatch(/kvm-a3 +OFF/);
  });

  it('resets by deleting .runbook/lab', async () => {
    expect((await lab('reset')).code).toBe(ExitCode.OK);
    expect(existsSync(join(dir.path, '.runbook', 'lab'))).toBe(false);
    expect((await lab('status')).stdout).toMatch(/^no lab in .* yet: start one with `runbook lab start`\n$/);
  });
});

describe('runbook lab start --detach', () => {
  let launcher: string;
  let dir: TestDir;
  beforeAll(() => {
    launcher = buildCli('lab');
    dir = testdir({ 'inventories/lab.yaml': LAB_INVENTORY });
  });
  afterAll(() => {
    removeBuiltCli(launcher);
    dir.cleanup();
  });

  it('returns once the lab answers, which keeps running until `runbook lab stop`', async () => {
    const started = await spawnCli(launcher, ['lab', 'start', '--detach', '--free-ports'], { cwd: dir.path });
    expect(started.code).toBe(ExitCode.OK);
    expect(started.stdout).toMatch(/^lab started \(pid \d+\)/);
    expect(started.stdout).toContain('stop it with `runbook lab stop`');
    const pid = Number(/pid (\d+)/.exec(started.stdout)?.[1]);
    expect(isProcessAlive(pid)).toBe(true);
    expect((await runCli(['lab', 'status'], { cwd: dir.path })).stdout).toMatch(/^lab "lab": running/);
    const reset = await runCli(['lab', 'reset'], { cwd: dir.path });
    expect(reset.code).toBe(ExitCode.REFUSED);
    expect((await runCli(['lab', 'stop'], { cwd: dir.path })).code).toBe(ExitCode.OK);
    expect(isProcessAlive(pid)).toBe(false);
    expect(readFileSync(join(dir.path, '.runbook', 'lab', 'lab.log'), 'utf8')).toContain(
      'lab stopped; its state is kept'
    );
    // A detached start may take up to 60 s and a stop up to 30 s before the CLI gives up (src/cli/lab*.ts).
  }, 120_000);
});

describe('runbook lab with an inventory that is not a lab', () => {
  it('refuses to start', async () => {
    // Not a lab, so it must name its engine's CA as any real inventory does.
    const inventory = LAB_INVENTORY.replace(/^lab: .*$/m, '').replace(/^( {2}url: .*)$/m, '$1\n  ca_file: ca.pem');
    const dir = testdir({ 'inventory.yaml': inventory, 'ca.pem': '' });
    try {
      const result = await runCli(['lab', 'start', '-i', 'inventory.yaml'], { cwd: dir.path });
      expect(result.code).toBe(ExitCode.INVALID_INPUT);
      expect(result.stderr).toContain('inventory.yaml is not a lab inventory (it has no `lab:` section)');
    } finally {
      dir.cleanup();
    }
  });
});
