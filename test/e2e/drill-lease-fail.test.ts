/**
 * dr-drill-site-outage.yaml on a lab whose hosts cannot acquire a VM lease still held by a dead host (the lab knob
 * `lease_acquire: fail`: libvirt's acquire fails, 507, and the engine tries again only a retry later). With a
 * failover wait shorter than that retry, the drill must name every VM that did not run again on the secondary site
 * as not recovered, fail its verdict and exit 7, from `runbook exec` and from `runbook report`.
 *
 * The retry is set long (`unknown_vm_retry_refreshes: 1000`, about 50 engine minutes; an admin sets it with
 * engine-config). The default 101 refreshes (303 s) ends only seconds of engine time after a 5-minute wait, and at
 * lab speed 180 a wall second between the outage and the wait is three engine minutes: the retry could land inside
 * the wait on a loaded machine, and the VMs then recover late (a truthful FAIL, but not this scenario).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DrillReportDocument } from '../../src/report/json';
import { ExitCode } from '../../src/shared/errors';
import { buildCliWithBin, removeBuiltCli, spawnCli } from '../helpers/built-cli';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';

jest.setTimeout(300_000);

const FAILING_OVER = ['app-1', 'app-2', 'db-1', 'db-2', 'web-1'];

describe('a site outage where the secondary hosts cannot acquire the VM leases', () => {
  let lab: StretchLab;
  let launcher: string;
  let inventoryDir: string;
  beforeAll(async () => {
    inventoryDir = mkdtempSync(join(tmpdir(), 'runbook-lease-fail-'));
    const inventory = join(inventoryDir, 'lab-lease-fail.yaml');
    const shipped = readFileSync(resolve('inventories/lab.yaml'), 'utf8');
    const knobbed = shipped.replace(
      'lab: { latency_ms: 2, speed: 180, seed: 42 }',
      'lab: { latency_ms: 2, speed: 180, seed: 42, knobs: { lease_acquire: fail, unknown_vm_retry_refreshes: 1000 } }'
    );
    expect(knobbed).not.toBe(shipped);
    writeFileSync(inventory, knobbed);
    lab = freshStretchLab(inventory);
    launcher = buildCliWithBin('lease-fail');
    expect((await lab.exec('install-standalone.yaml')).code).toBe(ExitCode.OK);
  }, 300_000);
  afterAll(() => {
    removeBuiltCli(launcher);
    lab?.cleanup();
    rmSync(inventoryDir, { recursive: true, force: true });
  });

  it('names every VM as not recovered, fails the verdict and exits 7, as the report does', async () => {
    const drill = await spawnCli(
      launcher,
      [
        'exec',
        resolve('runbooks/dr-drill-site-outage.yaml'),
        '-i',
        lab.inventoryPath,
        '--yes',
        '-e',
        'failover_timeout=5m',
      ],
      { cwd: lab.cwd, env: { RUNBOOK_LAB_FREE_PORTS: '1' } }
    );
    expect(drill.code).toBe(ExitCode.DRILL_FAILED);
    expect(drill.stdout).toContain('RTO 4m00s (from the inventory): FAIL');
    for (const vm of FAILING_OVER)
      expect(drill.stdout).toMatch(new RegExp(`- ${vm} never ran again on the other site`));
    const shown = await lab.cli('report', lab.runIds().at(-1)!, '--json');
    expect(shown.code).toBe(ExitCode.DRILL_FAILED);
    const report = JSON.parse(shown.stdout) as DrillReportDocument;
    expect(report.rto.verdict).toBe('fail');
    expect(report.recoveries.map((m) => [m.name, m.outcome]).sort()).toEqual(
      FAILING_OVER.map((vm) => [vm, 'not_recovered'])
    );
  });
});
