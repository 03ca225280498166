/**
 * A site-outage drill against the lab engine: the primary site loses power, HA restarts its VMs on the secondary
 * with their leases, and the report times each VM from the engine losing its host (9027: no power management) to
 * the VM running again (the second 506 of its restart), as the lab recorded them; with an RTO shorter than the restarts, the run exits RTO_MISSED.
 */
import { runLabDrill } from '../helpers/lab-drill';
import type { LabDrill } from '../helpers/lab-drill';

const DRILL = `name: outage drill
rto: 1m
steps:
  - id: wait-failover
    olvm.wait: { condition: vms_on_site, site: secondary, phase: failover, since: 0, poll: 10ms, timeout: 60s }
`;

let drill: LabDrill;
beforeAll(async () => {
  drill = await runLabDrill({ drill: DRILL, before: (lab) => lab.world.powerOff('primary') });
}, 120_000);
afterAll(() => drill?.close());

describe('a site-outage drill on the lab, reported', () => {
  it('ends the run with RTO_MISSED and the reasons', () => {
    expect(drill.exec.code).toBe(7);
    expect(drill.exec.stdout).toContain('RTO 1m00s (from the runbook): FAIL');
    expect(drill.shown.code).toBe(7);
  });

  it('times each VM from its host failing to its HA restart, as the lab recorded them', () => {
    const { report, lastEvent, hostId, vmId } = drill;
    expect(report.recoveries.map((m) => m.name).sort()).toEqual(['app-1', 'db-1']);
    for (const move of report.recoveries) {
      const up = lastEvent((e) => e.code === 506 && e.vmId === vmId(move.name));
      const lost = drill.events.find((e) => (e.code === 9027 || e.code === 12) && e.hostId === hostId(move.fromHost));
      expect(move).toMatchObject({ how: 'restarted', leftAt: lost?.time, upAt: up.time });
      expect(move.recoveryMs).toBe(up.time - (lost?.time ?? 0));
      expect(move.recoveryMs).toBeGreaterThan(60_000);
      expect(move.isWithinRto).toBe(false);
      expect(hostId(move.toHost)).toBe(up.hostId);
    }
    expect(drill.report.rto.reasons).toHaveLength(2);
  });
});
