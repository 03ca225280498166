/**
 * A maintenance drill against the lab engine, end to end through the CLI: `runbook exec` of a drill runbook
 * (maintenance of the primary site, waits for the SPM and the VMs on the secondary, activation, wait for the VMs
 * home), then `runbook report RUN --json`. Every figure of the report must equal the lab's own event timestamps:
 * a VM's host entering maintenance (600), its migration start (62/67) and done (63), the SPM election (204).
 */
import { runLabDrill } from '../helpers/lab-drill';
import type { LabDrill } from '../helpers/lab-drill';

const WAIT = 'poll: 10ms, timeout: 60s';
const DRILL = `name: lab drill
rto: 5m
steps:
  - id: evacuate-primary
    hosts: site:primary
    olvm.host: { state: maintenance, ${WAIT} }
  - id: wait-spm
    olvm.wait: { condition: spm_on_site, site: secondary, phase: failover, ${WAIT} }
  - id: wait-failover
    olvm.wait: { condition: vms_on_site, site: secondary, phase: failover, ${WAIT} }
  - id: activate-primary
    hosts: site:primary
    olvm.host: { state: active, ${WAIT} }
  - id: wait-home
    olvm.wait: { condition: vms_home, phase: failback, ${WAIT} }
`;

let drill: LabDrill;
beforeAll(async () => {
  drill = await runLabDrill({ drill: DRILL });
}, 120_000);
afterAll(() => drill?.close());

describe('a maintenance drill on the lab, reported', () => {
  it('runs the drill, ending with the drill summary, and reports it', () => {
    expect(drill.exec).toMatchObject({ code: 0, stderr: '' });
    expect(drill.exec.stdout).toContain('RTO 5m00s (from the runbook): PASS; 2 of 2 VMs ran again on the other site');
    expect(drill.shown).toMatchObject({ code: 0, stderr: '' });
  });

  it('times each failover VM from its host entering maintenance to its migration done, as the lab recorded them', () => {
    const { report, lastEvent, hostId, vmId } = drill;
    expect(report.recoveries.map((m) => m.name).sort()).toEqual(['app-1', 'db-1']);
    for (const move of report.recoveries) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(move.name), move.upAt);
      const left = lastEvent(
        (e) => (e.code === 600 || e.code === 620) && e.hostId === hostId(move.fromHost),
        move.upAt
      );
      expect(move).toMatchObject({ leftAt: left.time, upAt: done.time, recoveryMs: done.time - left.time });
      expect(move).toMatchObject({ how: 'migrated', isWithinRto: true });
      // 63 links the source host; the destination is only in its text.
      expect(done.hostId).toBe(hostId(move.fromHost));
      expect(done.description).toContain(`Destination: ${move.toHost},`);
      expect(['kvm-b1', 'kvm-b2']).toContain(move.toHost);
    }
  });

  it('reports the SPM handover once, at the lab election time', () => {
    const { report, lastEvent, hostId } = drill;
    /** 204 names the SPM host by its address only. */
    const addressOf = (name: string | undefined) => drill.lab.world.state.hosts.find((h) => h.name === name)?.address;
    const handovers = report.spm.filter((h) => h.phase === 'failover');
    expect(handovers).toHaveLength(1);
    const [handover] = handovers;
    expect(handover?.stepId).toBe('wait-spm');
    const elected = lastEvent((e) => e.code === 204 && e.hostName === addressOf(handover?.toHost), handover?.electedAt);
    const left = lastEvent(
      (e) => (e.code === 600 || e.code === 620) && e.hostId === hostId(handover?.fromHost),
      elected.time
    );
    expect(handover).toMatchObject({
      electedAt: elected.time,
      lostAt: left.time,
      handoverMs: elected.time - left.time,
    });
  });

  it('times the failback from the lab events of the way home', () => {
    const { report, lastEvent, vmId } = drill;
    expect(report.failback.map((m) => m.name).sort()).toEqual(['app-1', 'db-1']);
    for (const move of report.failback) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(move.name));
      const start = lastEvent((e) => (e.code === 62 || e.code === 67) && e.vmId === vmId(move.name), done.time);
      expect(move).toMatchObject({ leftAt: start.time, upAt: done.time, recoveryMs: done.time - start.time });
      expect(['kvm-a1', 'kvm-a2']).toContain(move.toHost);
    }
  });

  it('judges against the runbook RTO and finds the journal intact', () => {
    const { report } = drill;
    expect(report.rto).toEqual({ ms: 300_000, source: 'runbook', verdict: 'pass', reasons: [] });
    expect(report.journal.isIntact).toBe(true);
    expect(report.notes).toEqual(['step "wait-home": already in place when the wait began, so not timed: web-1']);
    expect(report.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['evacuate-primary', 'changed'],
      ['wait-spm', 'ok'],
      ['wait-failover', 'ok'],
      ['activate-primary', 'changed'],
      ['wait-home', 'ok'],
    ]);
  });
});
