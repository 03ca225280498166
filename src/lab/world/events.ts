/**
 * The engine's audit log ("events"): codes from the engine's AuditLogType, texts in the engine's style.
 * Events are numbered from 1 upwards; the API lists them newest first.
 */
import type { EventRecord, Severity } from './model';

/** The user every API command runs as. */
export const USER = 'admin@internal-authz';

/** Audit log codes (ENGINE common/AuditLogType.java). */
export const EventCode = {
  VDS_FAILURE: 12,
  VDS_DETECTED: 13,
  VDS_MAINTENANCE: 15,
  VDS_ACTIVATE: 16,
  VDS_MAINTENANCE_FAILED: 17,
  USER_VDC_LOGIN: 30,
  USER_VDC_LOGOUT: 31,
  USER_RUN_VM: 32,
  USER_STOP_VM: 33,
  USER_UPDATE_VM: 35,
  USER_ADD_VDS: 42,
  USER_UPDATE_VDS: 43,
  USER_REMOVE_VDS: 44,
  VM_DOWN: 61,
  VM_MIGRATION_START: 62,
  VM_MIGRATION_DONE: 63,
  VM_MIGRATION_FAILED: 65,
  VM_MIGRATION_START_SYSTEM_INITIATED: 67,
  USER_INITIATED_SHUTDOWN_VM: 73,
  VM_DOWN_ERROR: 119,
  SYSTEM_VDS_RESTART: 121,
  VM_IMPORT: 124,
  USER_FORCE_SELECTED_SPM: 159,
  VM_SET_TO_UNKNOWN_STATUS: 142,
  VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE: 143,
  IRS_HOSTED_ON_VDS: 204,
  VDS_MANUAL_FENCE_STATUS: 494,
  VDS_INSTALL: 504,
  VDS_INSTALL_FAILED: 505,
  VDS_INITIATED_RUN_VM: 506,
  VDS_INITIATED_RUN_VM_FAILED: 507,
  VDS_INSTALL_IN_PROGRESS: 509,
  USER_VDS_MAINTENANCE: 600,
  USER_VDS_MAINTENANCE_MIGRATION_FAILED: 602,
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_NO_HOST_FOR_SPM: 979,
  VDS_ALERT_FENCING_IS_NOT_CONFIGURED: 9000,
  VDS_ALERT_FENCE_OPERATION_SKIPPED: 9003,
  VDS_HOST_NOT_RESPONDING_CONNECTING: 9008,
  HA_VM_FAILED: 9602,
  HA_VM_RESTART_FAILED: 9603,
  USER_ADDED_AFFINITY_GROUP: 10350,
  USER_UPDATED_AFFINITY_GROUP: 10352,
  USER_REMOVED_AFFINITY_GROUP: 10354,
} as const;
export type EventCode = (typeof EventCode)[keyof typeof EventCode];

export type EventInput = Omit<EventRecord, 'id' | 'time' | 'severity'> & { severity?: Severity };
export type EventListener = (event: EventRecord) => void;

/** The audit log: appends events and tells subscribers (the lab's `events` handle). */
export class EventLog {
  private listeners = new Set<EventListener>();

  constructor(
    private readonly records: EventRecord[],
    private readonly nextId: () => number,
    private readonly now: () => number,
    private readonly correlationId: () => string | undefined = () => undefined,
    /** Whether the engine is there to write its audit log (a dead self-hosted engine writes nothing). */
    private readonly isRecording: () => boolean = () => true
  ) {}

  add(input: EventInput): EventRecord | undefined {
    if (!this.isRecording()) return undefined;
    const correlationId = input.correlationId ?? this.correlationId();
    const event: EventRecord = {
      severity: 'normal',
      ...input,
      ...(correlationId !== undefined ? { correlationId } : {}),
      id: this.nextId(),
      time: this.now(),
    };
    this.records.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  list(): readonly EventRecord[] {
    return this.records;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
