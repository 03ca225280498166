/**
 * The audit-log codes the drill reads from the engine's event feed, as the engine writes them: ovirt-engine
 * `backend/manager/modules/common/src/main/java/org/ovirt/engine/core/common/AuditLogType.java` (codes) and
 * `backend/manager/modules/dal/src/main/resources/bundles/AuditLogMessages.properties` (texts), both @ 0111fc63036b;
 * which command logs which code, and with which host, is in ../shared/reference/engine-behaviour.md rows 24-25.
 */
export const EventCode = {
  /** VDS_FAILURE: "Host … is non responsive." */
  VDS_FAILURE: 12,
  /** VDS_DETECTED: "Status of host … was set to Up." */
  VDS_DETECTED: 13,
  /** VDS_ACTIVATE: "Activation of host … initiated by …" */
  VDS_ACTIVATE: 16,
  /** USER_RUN_VM: "VM … started on Host …" (a user's start; never an HA restart, row 25). */
  USER_RUN_VM: 32,
  /** VM_MIGRATION_START: "Migration started (VM: …, Source: …, Destination: …, User: …)". Host: the source. */
  VM_MIGRATION_START: 62,
  /** VM_MIGRATION_DONE: "Migration completed (VM: …, Source: …, Destination: …, …)". Host: the SOURCE (row 25). */
  VM_MIGRATION_DONE: 63,
  /** VM_MIGRATION_FAILED: "Migration failed … (VM: …, Source: …)." */
  VM_MIGRATION_FAILED: 65,
  /** VM_MIGRATION_START_SYSTEM_INITIATED: "Migration initiated by system (VM: …, Source: …, Destination: …)". */
  VM_MIGRATION_START_SYSTEM_INITIATED: 67,
  /** VM_MIGRATION_TO_SERVER_FAILED. */
  VM_MIGRATION_TO_SERVER_FAILED: 120,
  /** VM_MIGRATION_TRYING_RERUN: "Failed to migrate VM … to Host …. Trying to migrate to another Host." */
  VM_MIGRATION_TRYING_RERUN: 128,
  /** VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE: the host stays preparing for maintenance. */
  VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE: 140,
  /** VM_SET_TO_UNKNOWN_STATUS: "VM … was set to the Unknown status." (no host, row 13). */
  VM_SET_TO_UNKNOWN_STATUS: 142,
  /** VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE: "Vm … was shut down due to … host reboot or manual fence". */
  VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE: 143,
  /** USER_FORCE_SELECTED_SPM: "Host … was force selected by …". */
  USER_FORCE_SELECTED_SPM: 159,
  /** VM_MIGRATION_NO_VDS_TO_MIGRATE_TO: "No available host was found to migrate VM … to." */
  VM_MIGRATION_NO_VDS_TO_MIGRATE_TO: 166,
  /**
   * IRS_HOSTED_ON_VDS: "Storage Pool Manager runs on Host … (Address: …), Data Center …." The REST event names its
   * host by the host's address only, with no id (IrsProxyImpl sets only the VdsName; EventMapper).
   */
  IRS_HOSTED_ON_VDS: 204,
  /** VDS_INITIATED_RUN_VM: "Trying to restart VM … on Host …": logged at launch and again when up (row 25). */
  VDS_INITIATED_RUN_VM: 506,
  /** VDS_INITIATED_RUN_VM_FAILED: "Failed to restart VM … on Host …". */
  VDS_INITIATED_RUN_VM_FAILED: 507,
  /** USER_VDS_MAINTENANCE: "Host … was switched to Maintenance mode by … (Reason: …)." */
  USER_VDS_MAINTENANCE: 600,
  /** USER_VDS_MAINTENANCE_MIGRATION_FAILED: "Host … cannot change into maintenance mode - not all Vms have been migrated successfully. …" */
  USER_VDS_MAINTENANCE_MIGRATION_FAILED: 602,
  /** USER_VDS_MAINTENANCE_WITHOUT_REASON: "Host … was switched to Maintenance mode by …." */
  USER_VDS_MAINTENANCE_WITHOUT_REASON: 620,
  /** VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE_NO_DESTINATION_VDS. */
  VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE_NO_DESTINATION_VDS: 1111,
  /** VDS_HOST_NOT_RESPONDING_CONNECTING: "… will stay in Connecting state for a grace period …" (with PM, row 24). */
  VDS_HOST_NOT_RESPONDING_CONNECTING: 9008,
  /** VDS_HOST_NOT_RESPONDING: "Host … is not responding. Host cannot be fenced automatically because power management … is disabled." */
  VDS_HOST_NOT_RESPONDING: 9027,
  /** VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED: "Host … became non responsive. It has no power management configured. …" */
  VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED: 9028,
  /** HA_VM_FAILED: "Highly Available VM … failed. …": an HA VM crashed on an up host (never a lease restart, row 25). */
  HA_VM_FAILED: 9602,
  /** HA_VM_RESTART_FAILED: "Restart of the Highly Available VM … failed." */
  HA_VM_RESTART_FAILED: 9603,
} as const;

/** A host starts to leave: maintenance begins, or the engine stops reaching it. */
export const HOST_LEFT: ReadonlySet<number> = new Set([
  EventCode.USER_VDS_MAINTENANCE,
  EventCode.USER_VDS_MAINTENANCE_WITHOUT_REASON,
  // A maintenance that cannot empty the host logs 602 only (not 600); the host stays preparing (row 9).
  EventCode.USER_VDS_MAINTENANCE_MIGRATION_FAILED,
  EventCode.VDS_HOST_NOT_RESPONDING,
  EventCode.VDS_HOST_NOT_RESPONDING_CONNECTING,
  EventCode.VDS_FAILURE,
  EventCode.VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED,
]);

/** A host is back. */
export const HOST_BACK: ReadonlySet<number> = new Set([EventCode.VDS_DETECTED, EventCode.VDS_ACTIVATE]);

/** Events that say why a VM did not move (yet): failed restarts and migrations. */
export const VM_TROUBLE: ReadonlySet<number> = new Set([
  EventCode.VM_MIGRATION_FAILED,
  EventCode.VM_MIGRATION_TO_SERVER_FAILED,
  EventCode.VM_MIGRATION_TRYING_RERUN,
  EventCode.VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE,
  EventCode.VM_MIGRATION_NO_VDS_TO_MIGRATE_TO,
  EventCode.VDS_INITIATED_RUN_VM_FAILED,
  EventCode.VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE_NO_DESTINATION_VDS,
  EventCode.HA_VM_RESTART_FAILED,
]);

/** `Destination: kvm-b1` in a migration event's text (63 links the source host; the destination is only named). */
export function destinationNamed(description: string | undefined): string | undefined {
  const match = /Destination: ([^,)]+)/.exec(description ?? '');
  return match?.[1]?.trim() || undefined;
}

/** `Source: kvm-a1` in a migration event's text. */
export function sourceNamed(description: string | undefined): string | undefined {
  const match = /Source: ([^,)]+)/.exec(description ?? '');
  return match?.[1]?.trim() || undefined;
}
