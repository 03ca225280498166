import { AuditLogType } from '../../../../src/lab/world/audit-catalogue';
import { formatDurationWords, resolveTemplate } from '../../../../src/lab/world/audit-log';

describe('the audit log catalogue', () => {
  it('has one entry per engine code', () => {
    const codes = Object.values(AuditLogType).map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    ['VDS_INITIATED_RUN_VM', 506, 'normal'],
    ['VDS_INITIATED_RUN_VM_FAILED', 507, 'error'],
    ['VM_MIGRATION_DONE', 63, 'normal'],
    ['VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE', 140, 'error'],
    ['VDS_HOST_NOT_RESPONDING', 9027, 'warning'],
    ['VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED', 9028, 'alert'],
    ['USER_VDS_MAINTENANCE_WITHOUT_REASON', 620, 'normal'],
    ['USER_VDS_MAINTENANCE_MIGRATION_FAILED', 602, 'warning'],
    ['USER_VDS_RESTART', 41, 'normal'],
    ['SYSTEM_CHANGE_STORAGE_POOL_STATUS_NO_HOST_FOR_SPM', 979, 'error'],
    ['SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC', 980, 'warning'],
    ['SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC_SEARCHING_NEW_SPM', 986, 'warning'],
  ] as const)('%s is %i, %s', (name, code, severity) => {
    expect(AuditLogType[name]).toMatchObject({ code, severity });
  });

  it("writes 979 in the engine's words, not 987's", () => {
    expect(AuditLogType.SYSTEM_CHANGE_STORAGE_POOL_STATUS_NO_HOST_FOR_SPM.template).toBe(
      'Fencing failed on Storage Pool Manager ${VdsName} for Data Center ${StoragePoolName}. Setting status to Non-Operational.'
    );
  });

  it('keeps 602 without a VM list', () => {
    expect(AuditLogType.USER_VDS_MAINTENANCE_MIGRATION_FAILED.template).toContain(
      'Consider manual intervention: stopping/migrating Vms running on this host. (User: ${UserName}).'
    );
  });
});

describe('filling a template as the engine does', () => {
  it('fills known values and marks missing ones as the engine marks them', () => {
    expect(resolveTemplate('Host ${VdsName} (Reason: ${Reason})${OptionalReason}, ${Error}', { VdsName: 'a1' })).toBe(
      'Host a1 (Reason:  No reason was returned for this operation failure. See logs for further details.), <UNKNOWN>'
    );
  });

  it.each([
    [0, '0 seconds'],
    [999, '0 seconds'],
    [1_000, '1 second'],
    [10_000, '10 seconds'],
    [60_000, '1 minute'],
    [65_000, '1 minute 5 seconds'],
    [3_605_000, '1 hour 0 minutes 5 seconds'],
    [2 * 86_400_000, '2 days'],
  ])('writes %i ms as "%s"', (ms, words) => {
    expect(formatDurationWords(ms)).toBe(words);
  });
});
