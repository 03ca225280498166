/**
 * The engine's audit log types the lab writes: code, severity and message template of each, as the engine has them,
 * and which entities its event links. One catalogue for every lab behaviour (hosts, maintenance, SPM, HA, migration).
 *
 * Sources (github.com/oVirt/ovirt-engine @ 0111fc63036bca662aa6275a8ad16282cccf86bf):
 * - codes and severities: backend/manager/modules/common/src/main/java/org/ovirt/engine/core/common/AuditLogType.java
 *   (a type without a severity is NORMAL: `getDefaultSeverity`);
 * - templates: backend/manager/modules/dal/src/main/resources/bundles/AuditLogMessages.properties (`\n` and `\:`
 *   unescaped as java.util.Properties reads them);
 * - links: the REST event carries the audit record's vds, vm, cluster, storage pool and storage domain
 *   (backend/manager/modules/restapi/types/.../restapi/types/EventMapper.java l.24-130); which of those a record has
 *   depends on who logs it, see `LinkScope`.
 */
import { Severity } from './model';

/** Which entities an event links, by the kind of engine code that logs it. */
export const LinkScope = {
  /** Monitoring with an AuditLogableImpl holding the host only (VdsManager.createAuditLogableForHost, VdsCommand.alert). */
  HOST: 'host',
  /** A host command (VdsCommand): the host and, through AuditLogableBase.getCluster, its cluster. */
  HOST_COMMAND: 'host-command',
  /** An AuditLogableImpl holding the VM only (VdsManager.moveVmsToUnknown, AutoStartVmsRunner.createVmEvent). */
  VM: 'vm',
  /** An AuditLogableImpl holding the VM and a host (VdsCommand.logSettingVmToDown). */
  VM_HOST: 'vm-host',
  /** A VM command (VmCommand): the VM, the command's host, the VM's cluster and data center. */
  VM_COMMAND: 'vm-command',
  /** SetStoragePoolStatusCommand: the data center and its SPM host, if any (setVdsIdRef(spmVdsId)). */
  POOL: 'pool',
  /** IrsProxyImpl.handleSelectedVdsForSPM: only a host *name*, the host's address (setVdsName(getHostName())). */
  HOST_NAME: 'host-name',
  /** Affinity group commands: the cluster. */
  CLUSTER: 'cluster',
} as const;
export type LinkScope = (typeof LinkScope)[keyof typeof LinkScope];

export interface AuditEntry<T extends string = string> {
  code: number;
  severity: Severity;
  scope: LinkScope;
  template: T;
}

function entry<const T extends string>(code: number, severity: Severity, scope: LinkScope, template: T) {
  return { code, severity, scope, template } satisfies AuditEntry<T>;
}

const { NORMAL, WARNING, ERROR, ALERT } = Severity;
const { HOST, HOST_COMMAND, VM, VM_HOST, VM_COMMAND, POOL, HOST_NAME, CLUSTER } = LinkScope;
const STAY_IN_PREPARING =
  " state.\n  Consider manual intervention: stopping/migrating Vms as Host's state will not\n  turn to maintenance while VMs are still running on it.";

export const AuditLogType = {
  VDS_FAILURE: entry(12, ERROR, HOST, 'Host ${VdsName} is non responsive.'),
  VDS_DETECTED: entry(13, NORMAL, HOST_COMMAND, 'Status of host ${VdsName} was set to ${HostStatus}.'),
  VDS_MAINTENANCE: entry(15, NORMAL, HOST_COMMAND, 'Host ${VdsName} was switched to Maintenance Mode.'),
  VDS_ACTIVATE: entry(16, NORMAL, HOST_COMMAND, 'Activation of host ${VdsName} initiated by ${UserName}.'),
  VDS_MAINTENANCE_FAILED: entry(17, ERROR, HOST_COMMAND, 'Failed to switch Host ${VdsName} to Maintenance mode.'),
  USER_VDS_START: entry(20, NORMAL, HOST_COMMAND, 'Host ${VdsName} was started by ${UserName}.'),
  USER_VDS_STOP: entry(21, NORMAL, HOST_COMMAND, 'Host ${VdsName} was stopped by ${UserName}.'),
  VDS_STATUS_CHANGE_FAILED_DUE_TO_STOP_SPM_FAILURE: entry(
    27,
    WARNING,
    HOST,
    'Failed to change status of host ${VdsName} due to a failure to stop the spm.'
  ),
  USER_RUN_VM: entry(32, NORMAL, VM_COMMAND, 'VM ${VmName} started on Host ${VdsName}'),
  USER_STOP_VM: entry(
    33,
    NORMAL,
    VM_COMMAND,
    'VM ${VmName} powered off by ${UserName} (Host: ${VdsName})${OptionalReason}.'
  ),
  USER_UPDATE_VM: entry(35, NORMAL, VM_COMMAND, 'VM ${VmName} configuration was updated by ${UserName}.'),
  USER_VDS_RESTART: entry(41, NORMAL, HOST_COMMAND, 'Host ${VdsName} was restarted by ${UserName}.'),
  USER_ADD_VDS: entry(42, NORMAL, HOST_COMMAND, 'Host ${VdsName} was added by ${UserName}.'),
  USER_UPDATE_VDS: entry(43, NORMAL, HOST_COMMAND, 'Host ${VdsName} configuration was updated by ${UserName}.'),
  USER_REMOVE_VDS: entry(44, NORMAL, HOST_COMMAND, 'Host ${VdsName} was removed by ${UserName}.'),
  VM_DOWN: entry(61, NORMAL, VM_HOST, 'VM ${VmName} is down. ${ExitMessage}'),
  VM_MIGRATION_START: entry(
    62,
    NORMAL,
    VM_COMMAND,
    'Migration started (VM: ${VmName}, Source: ${VdsName}, Destination: ${DestinationVdsName}, User: ${UserName}). ${OptionalReason}'
  ),
  VM_MIGRATION_DONE: entry(
    63,
    NORMAL,
    VM_COMMAND,
    'Migration completed (VM: ${VmName}, Source: ${VdsName}, Destination: ${DestinationVdsName}, Duration: ${Duration}, Total: ${TotalDuration}, Actual downtime: ${ActualDowntime})'
  ),
  VM_MIGRATION_FAILED: entry(
    65,
    ERROR,
    VM_COMMAND,
    'Migration failed${DueToMigrationError} (VM: ${VmName}, Source: ${VdsName}).'
  ),
  VM_MIGRATION_START_SYSTEM_INITIATED: entry(
    67,
    NORMAL,
    VM_COMMAND,
    'Migration initiated by system (VM: ${VmName}, Source: ${VdsName}, Destination: ${DestinationVdsName}, Reason: ${OptionalReason}).'
  ),
  USER_INITIATED_SHUTDOWN_VM: entry(
    73,
    NORMAL,
    VM_COMMAND,
    'VM shutdown initiated by ${UserName} on VM ${VmName} (Host: ${VdsName})${OptionalReason}.'
  ),
  VM_DOWN_ERROR: entry(119, ERROR, VM_HOST, 'VM ${VmName} is down with error. ${ExitMessage}.'),
  VM_MIGRATION_TO_SERVER_FAILED: entry(
    120,
    ERROR,
    VM_COMMAND,
    'Migration failed${DueToMigrationError} (VM: ${VmName}, Source: ${VdsName}, Destination: ${DestinationVdsName}).'
  ),
  SYSTEM_VDS_RESTART: entry(121, NORMAL, HOST_COMMAND, 'Host ${VdsName} was restarted by the engine.'),
  SYSTEM_FAILED_VDS_RESTART: entry(
    122,
    ERROR,
    HOST_COMMAND,
    'A restart initiated by the engine to Host ${VdsName} has failed.'
  ),
  VM_MIGRATION_TRYING_RERUN: entry(
    128,
    WARNING,
    VM_COMMAND,
    'Failed to migrate VM ${VmName} to Host ${DestinationVdsName}${DueToMigrationError}. Trying to migrate to another Host.'
  ),
  VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE: entry(
    140,
    ERROR,
    VM_COMMAND,
    `Migration failed\${DueToMigrationError} while Host is in 'preparing for maintenance'${STAY_IN_PREPARING}(VM: \${VmName}, Source: \${VdsName}, Destination: \${DestinationVdsName}).`
  ),
  VM_SET_TO_UNKNOWN_STATUS: entry(142, WARNING, VM, 'VM ${VmName} was set to the Unknown status.'),
  VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE: entry(
    143,
    NORMAL,
    VM_HOST,
    'Vm ${VmName} was shut down due to ${VdsName} host reboot or manual fence'
  ),
  USER_RUN_VM_ON_NON_DEFAULT_VDS: entry(
    152,
    WARNING,
    VM_COMMAND,
    'Guest ${VmName} started on Host ${VdsName}. (Default Host parameter was ignored - assigned Host was not available).'
  ),
  USER_STARTED_VM: entry(153, NORMAL, VM_COMMAND, 'VM ${VmName} was started by ${UserName} (Host: ${VdsName}).'),
  USER_REBOOT_VM: entry(157, NORMAL, VM_COMMAND, 'VM ${VmName} is rebooting. Rebooted by: ${UserName}'),
  USER_FORCE_SELECTED_SPM: entry(159, NORMAL, HOST_COMMAND, 'Host ${VdsName} was force selected by ${UserName}'),
  VM_SET_TICKET: entry(164, NORMAL, VM_COMMAND, 'User ${UserName} initiated console session for VM ${VmName}'),
  VM_MIGRATION_NO_VDS_TO_MIGRATE_TO: entry(
    166,
    WARNING,
    VM_COMMAND,
    'No available host was found to migrate VM ${VmName} to.'
  ),
  IRS_HOSTED_ON_VDS: entry(
    204,
    NORMAL,
    HOST_NAME,
    'Storage Pool Manager runs on Host ${VdsName} (Address: ${ServerIp}), Data Center ${StoragePoolName}.'
  ),
  VDS_MANUAL_FENCE_STATUS: entry(494, NORMAL, HOST_COMMAND, 'Manual fence for host ${VdsName} was started.'),
  VDS_INSTALL: entry(504, NORMAL, HOST_COMMAND, 'Host ${VdsName} installed'),
  VDS_INSTALL_FAILED: entry(505, ERROR, HOST_COMMAND, 'Host ${VdsName} installation failed. ${FailedInstallMessage}.'),
  VDS_INITIATED_RUN_VM: entry(506, NORMAL, VM_COMMAND, 'Trying to restart VM ${VmName} on Host ${VdsName}'),
  VDS_INITIATED_RUN_VM_FAILED: entry(507, ERROR, VM_COMMAND, 'Failed to restart VM ${VmName} on Host ${VdsName}'),
  VDS_ANSIBLE_INSTALL_STARTED: entry(
    560,
    NORMAL,
    HOST,
    'Ansible host-deploy playbook execution has started on host ${VdsName}.'
  ),
  VDS_ANSIBLE_INSTALL_FINISHED: entry(
    561,
    NORMAL,
    HOST,
    'Ansible host-deploy playbook execution has successfully finished on host ${VdsName}.'
  ),
  USER_VDS_MAINTENANCE: entry(
    600,
    NORMAL,
    HOST_COMMAND,
    'Host ${VdsName} was switched to Maintenance mode by ${UserName} (Reason: ${Reason}).'
  ),
  USER_VDS_MAINTENANCE_MIGRATION_FAILED: entry(
    602,
    WARNING,
    HOST_COMMAND,
    'Host ${VdsName} cannot change into maintenance mode - not all Vms have been migrated successfully. Consider manual intervention: stopping/migrating Vms running on this host. (User: ${UserName}).'
  ),
  USER_VDS_MAINTENANCE_WITHOUT_REASON: entry(
    620,
    NORMAL,
    HOST_COMMAND,
    'Host ${VdsName} was switched to Maintenance mode by ${UserName}.'
  ),
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_NO_HOST_FOR_SPM: entry(
    979,
    ERROR,
    POOL,
    'Fencing failed on Storage Pool Manager ${VdsName} for Data Center ${StoragePoolName}. Setting status to Non-Operational.'
  ),
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC: entry(
    980,
    WARNING,
    POOL,
    'Invalid status on Data Center ${StoragePoolName}. Setting status to Non Responsive.'
  ),
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC_SEARCHING_NEW_SPM: entry(
    986,
    WARNING,
    POOL,
    'Data Center is being initialized, please wait for initialization to complete.'
  ),
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC_WITH_ERROR: entry(
    987,
    WARNING,
    POOL,
    'Invalid status on Data Center ${StoragePoolName}. Setting Data Center status to Non Responsive (On host ${VdsName}, Error: ${Error}).'
  ),
  SYSTEM_CHANGE_STORAGE_POOL_STATUS_RESET_IRS: entry(
    993,
    NORMAL,
    POOL,
    'Data Center ${StoragePoolName} was reset. Setting status to Non Responsive (Elect new Storage Pool Manager).'
  ),
  VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE_NO_DESTINATION_VDS: entry(
    1111,
    ERROR,
    VM_COMMAND,
    `Migration failed\${DueToMigrationError} while Source Host is in 'preparing for maintenance'${STAY_IN_PREPARING}(VM: \${VmName}, Source: \${VdsName}).`
  ),
  IMPORTEXPORT_IMPORT_VM: entry(
    1152,
    NORMAL,
    VM_COMMAND,
    'Vm ${VmName} was imported successfully to Data Center ${StoragePoolName}, Cluster ${ClusterName}'
  ),
  VDS_ALERT_FENCE_IS_NOT_CONFIGURED: entry(
    9000,
    ALERT,
    HOST,
    'Failed to verify Power Management configuration for Host ${VdsName}.'
  ),
  VDS_ALERT_FENCE_OPERATION_FAILED: entry(
    9002,
    ALERT,
    HOST,
    'Failed to power fence host ${VdsName}. Please check the host status and it\'s power management settings, and then manually reboot it and click "Confirm Host Has Been Rebooted"'
  ),
  VDS_ALERT_FENCE_OPERATION_SKIPPED: entry(
    9003,
    ALERT,
    HOST,
    'Host ${VdsName} became non responsive. Fence operation skipped as the system is still initializing and this is not a host where hosted engine was running on previously.'
  ),
  VDS_HOST_NOT_RESPONDING_CONNECTING: entry(
    9008,
    WARNING,
    HOST,
    'Host ${VdsName} is not responding. It will stay in Connecting state for a grace period of ${Seconds} seconds and after that an attempt to fence the host will be issued.'
  ),
  VDS_HOST_NOT_RESPONDING: entry(
    9027,
    WARNING,
    HOST,
    'Host ${VdsName} is not responding. Host cannot be fenced automatically because power management for the host is disabled.'
  ),
  VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED: entry(
    9028,
    ALERT,
    HOST,
    'Host ${VdsName} became non responsive. It has no power management configured. Please check the host status, manually reboot it, and click "Confirm Host Has Been Rebooted"'
  ),
  HA_VM_FAILED: entry(9602, ERROR, VM, 'Highly Available VM ${VmName} failed. It will be restarted automatically.'),
  HA_VM_RESTART_FAILED: entry(9603, ERROR, VM, 'Restart of the Highly Available VM ${VmName} failed.'),
  EXCEEDED_MAXIMUM_NUM_OF_RESTART_HA_VM_ATTEMPTS: entry(
    9605,
    ERROR,
    VM,
    'Highly Available VM ${VmName} could not be restarted automatically, exceeded the maximum number of attempts.'
  ),
  USER_ADDED_AFFINITY_GROUP: entry(
    10350,
    NORMAL,
    CLUSTER,
    'Affinity Group ${affinityGroupName} was added. (User: ${UserName})'
  ),
  USER_UPDATED_AFFINITY_GROUP: entry(
    10352,
    NORMAL,
    CLUSTER,
    'Affinity Group ${affinityGroupName} was updated. (User: ${UserName})'
  ),
  USER_REMOVED_AFFINITY_GROUP: entry(
    10354,
    NORMAL,
    CLUSTER,
    'Affinity Group ${affinityGroupName} was removed. (User: ${UserName})'
  ),
} as const;
export type AuditLogTypeName = keyof typeof AuditLogType;

/** The `${Name}` placeholders of a template, as a union of names. */
export type Placeholders<T extends string> = T extends `${string}\${${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
export type PlaceholdersOf<N extends AuditLogTypeName> = Placeholders<(typeof AuditLogType)[N]['template']>;
