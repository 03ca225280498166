import { appliedChanges, plannedChanges, toPastTense } from '../../../src/engine/applied-changes';

describe('applied changes', () => {
  it.each<[string, string]>([
    ['would deactivate kvm-a1', 'deactivated kvm-a1'],
    ['would activate kvm-a1', 'activated kvm-a1'],
    ['would run: engine-setup --accept-defaults', 'ran: engine-setup --accept-defaults'],
    ['would upload and run: setup.sh x', 'uploaded and ran: setup.sh x'],
    ['would dnf install ovirt-engine', 'installed ovirt-engine with dnf'],
    ['would dnf remove ovirt-engine', 'removed ovirt-engine with dnf'],
    ['would create /root/engine-answers.conf', 'created /root/engine-answers.conf'],
    ['would add kvm-a1 (10.0.0.1) to cluster stretch', 'added kvm-a1 (10.0.0.1) to cluster stretch'],
    ['would remove affinity group site-a', 'removed affinity group site-a'],
    ['would force-select kvm-a1', 'force-selected kvm-a1'],
    ['would wait for the election', 'waited for the election'],
    ['would ask: ready?', 'asked: ready?'],
    ['+db-1 -web-1', '+db-1 -web-1'],
    ['would frobnicate x', 'would frobnicate x'],
  ])('reads %p once applied as %p', (planned, applied) => {
    expect(toPastTense(planned)).toBe(applied);
  });

  it('keeps diffs, except for a no_log step', () => {
    const changes = [
      { path: '/etc/x', from: 'sha256:a', to: 'sha256:b', diff: '--- x\n+++ x\n', note: 'would create /etc/x' },
    ];
    expect(plannedChanges(changes, false)).toEqual(changes);
    expect(plannedChanges(changes, true)).toEqual([
      { path: '/etc/x', from: 'sha256:a', to: 'sha256:b', note: 'would create /etc/x' },
    ]);
    expect(appliedChanges(changes, true)).toEqual([
      { path: '/etc/x', from: 'sha256:a', to: 'sha256:b', note: 'created /etc/x' },
    ]);
  });
});
