/**
 * dr-drill-site-outage.yaml on an installed lab: the primary site loses power (`runbook lab fail`, a local
 * command that reaches the lab through its control endpoint), the HA VMs restart on the secondary site once
 * their leases expire, power comes back (`runbook lab recover`), and soft affinity brings them home. The drill
 * runs as a separate CLI process so that its local commands find this build's `runbook` first on the PATH, as
 * they would under npx or a global install.
 */
import { resolve } from 'node:path';
import type { DrillReportDocument } from '../../src/report/json';
import { ExitCode } from '../../src/shared/errors';
import { buildCliWithBin, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';
import { stretchViolations } from '../helpers/stretch-state';

// The install in beforeAll: the file spent 65 s outside its tests (timeout 120 s) in a whole-suite run under load
// (2 workers and 2 CPU hogs on 2 cores); a loaded machine can take several times longer.
jest.setTimeout(300_000);

describe('dr-drill-site-outage.yaml on an installed standalone lab', () => {
  let lab: StretchLab;
  let launcher: string;
  beforeAll(async () => {
    lab = freshStretchLab('lab.yaml');
    launcher = buildCliWithBin('site-outage');
    expect((await lab.exec('install-standalone.yaml')).code).toBe(ExitCode.OK);
  });
  afterAll(() => {
    removeBuiltCli(launcher);
    lab.cleanup();
  });

  it('restarts the HA VMs on the secondary site, brings them home after the power returns, and verifies', async () => {
    const drill = await spawnCli(
      launcher,
      ['exec', resolve('runbooks/dr-drill-site-outage.yaml'), '-i', lab.inventoryPath, '--yes'],
      { cwd: lab.cwd, env: { RUNBOOK_LAB_FREE_PORTS: '1' } }
    );
    expect(drill.stderr).toBe('');
    expect(drill.code).toBe(ExitCode.OK);
    const drillId = lab.runIds().at(-1)!;
    expect(lab.finished(drillId, 'outage')[0]?.outputExcerpt).toContain('site:primary: powered off');
    const inventory = await lab.inventory();
    const restarted = lab.finished(drillId, 'failover-vms')[0]?.result?.vms as Array<Record<string, unknown>>;
    expect(restarted.map((vm) => vm.name).sort()).toEqual(['app-1', 'app-2', 'db-1', 'db-2', 'web-1']);
    for (const vm of restarted) {
      expect(vm.how).toBe('restarted');
      expect(inventory.hosts[vm.to_host as string]?.site).toBe('secondary');
    }
    expect(lab.finished(drillId, 'left-down')[0]?.result?.msg).toBe('batch-1');
    const world = await lab.world();
    expect(world.vms.find((vm) => vm.name === 'batch-1')?.status).toBe('down');
    const violations = stretchViolations(world, inventory).filter((problem) => !problem.startsWith('VM batch-1 '));
    expect(violations).toEqual([]);
    for (const id of lab.runIds()) expect((await lab.cli('audit', 'verify', id)).code).toBe(ExitCode.OK);
    expect(drill.stdout).toContain('RTO 4m00s (from the inventory): PASS; 5 of 5 VMs ran again on the other site');
    await expectSiteFigures(drillId);
  });

  /** The report's verdict, VM list and site-level figures of the outage, and its exit code. */
  async function expectSiteFigures(drillId: string) {
    const shown = await lab.cli('report', drillId, '--json');
    expect(shown.code).toBe(ExitCode.OK);
    const report = JSON.parse(shown.stdout) as DrillReportDocument;
    expect(report.rto).toMatchObject({ ms: 240_000, source: 'inventory', verdict: 'pass' });
    expect(report.recoveries.map((m) => [m.name, m.outcome, m.how]).sort()).toEqual(
      ['app-1', 'app-2', 'db-1', 'db-2', 'web-1'].map((name) => [name, 'recovered', 'restarted'])
    );
    expect(report.site.primaryEmptied).toMatchObject({ isComplete: true, by: 'events' });
    expect(report.site.failbackPhase).toMatchObject({ isComplete: true });
    expect(report.site.leftDown.map((v) => [v.vm, v.status, v.isHighlyAvailable])).toEqual([
      ['batch-1', 'down', false],
    ]);
    // No SPM while the site is down (no power management): from the SPM's loss to the election once it is back.
    // Which primary host the install's election made SPM varies from run to run (equal priorities): any of them.
    const [outage] = report.site.spmOutages;
    expect(['kvm-a1', 'kvm-a2', 'kvm-a3']).toContain(outage?.host);
    const election = report.spm.find((h) => h.phase === 'failback' && h.fromHost === outage?.host);
    expect(election?.electedAt).toEqual(expect.any(Number));
    expect(outage).toMatchObject({ to: election?.electedAt });
    expect(election).toMatchObject({
      lostAt: outage?.from,
      handoverMs: (election?.electedAt ?? 0) - (outage?.from ?? 0),
    });
  }
});
