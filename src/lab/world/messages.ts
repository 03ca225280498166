/**
 * The engine's refusal texts (APPERR AppErrors.properties, ovirt-api.md §8.3), with their variables filled in
 * (frontend/webadmin/.../frontend/AppErrors.properties @ 0111fc63036bca662aa6275a8ad16282cccf86bf).
 * Texts the reference does not quote are written in the same style.
 */
import { cannot } from './refusal';

export const Messages = {
  hostAlreadyUp: () => cannot('activate', 'Host', 'Host in Up status.'),
  hostNonResponsive: (action: string) => cannot(action, 'Host', 'Host is in non responsive state.'),
  hostStatusIllegal: (action: string, status: string) =>
    cannot(action, 'Host', `Host status is ${status}, the operation is not allowed in this status.`),
  nameInUse: (type: string) =>
    cannot('add', type, `The ${type} name is already in use, please choose a unique name and try again.`),
  /** ACTION_TYPE_FAILED_VDS_WITH_SAME_HOST_EXIST (CONFLICT). */
  hostAddressInUse: (action: string) => cannot(action, 'Host', 'Host with the same address already exists.'),
  /** ACTION_TYPE_FAILED_HOSTNAME_CANNOT_CHANGE (BAD_PARAMETERS). */
  hostAddressCannotChange: () =>
    'Host Address can not be modified due to Security restrictions.  In order to change Host Address, Host has to be reinstalled',
  alreadyInMaintenance: () => 'Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.',
  maintenanceNotOperational: () => 'Cannot switch Host to Maintenance mode. Host is not operational.',
  maintenanceSpmWithTasks: () =>
    'Cannot switch Host to Maintenance mode. Host has asynchronous running tasks,\nwait for operation to complete and retry.',
  maintenanceSpmContending: () =>
    'Cannot switch Host to Maintenance mode. Host is contending for Storage Pool Manager,\nwait for operation to complete and retry.',
  maintenanceNonResponsiveWithVms: () =>
    'Cannot switch Host to Maintenance mode. Host still has running VMs on it and is in Non Responsive state.',
  maintenanceNonResponsiveSpm: () =>
    'Cannot switch Host to Maintenance mode. Host is non responsive and is the SPM.\nIf power management is configured, engine will try to fence the host automatically. Otherwise, either bring the node back up, or release the SPM resource.',
  maintenanceNonMigratable: (hosts: string, vms: string) =>
    `Cannot switch the following Hosts to Maintenance mode: ${hosts}.\nOne or more running VMs are indicated as non-migratable. The non-migratable VMs are: ${vms}.`,
  maintenanceNoOtherHost: (hosts: string, clusters: string) =>
    `The following Hosts have running VMs and cannot be switched to maintenance mode: ${hosts}.\nPlease ensure that the following Clusters have at least one Host in UP state: ${clusters}.`,
  maintenanceNoHostedEngineHost: () =>
    'Cannot switch the Host(s) to Maintenance mode.\nThere is no available host capable of running the hosted engine VM.',
  noHostSatisfies: (action: string, type: string, reasons: readonly string[]) => [
    cannot(action, type, 'There is no host that satisfies current scheduling constraints. See below for details:'),
    ...reasons,
  ],
  removeOperational: () => 'Cannot remove Host. Host is operational. Please switch Host to Maintenance mode first.',
  removeRunningVms: () => 'Cannot remove Host. Host has running VMs, please migrate or stop them first.',
  forceSpmNotUp: (host: string) => cannot('force select', 'SPM', `The Host ${host} is not active.`),
  forceSpmAlready: (host: string) => cannot('force select', 'SPM', `The Host ${host} is already SPM or contending.`),
  /** StoragePoolValidator.existsAndUp -> ACTION_TYPE_FAILED_STORAGE_POOL_STATUS_ILLEGAL (CONFLICT). */
  forceSpmPoolNotUp: () => cannot('force select', 'SPM', 'Unknown Data Center status.'),
  forceSpmPoolHasTasks: () => cannot('force select', 'SPM', 'The Storage Pool has running tasks.'),
  forceSpmNever: (host: string) =>
    cannot(
      'force select',
      'SPM',
      `The SPM priority of Host ${host} is set to 'never'. This Host cannot be elected as SPM.`
    ),
  spmPriorityRange: () => cannot('edit', 'Host', 'The SPM priority must be between -1 and 10.'),
  fenceDisabled: () => cannot('fence', 'Host', 'Power Management is not enabled for Host.'),
  manualFenceStatus: () =>
    cannot('fence', 'Host', 'The Host status should be Non operational, Maintenance or Connecting.'),
  vmRunning: (action: string) => cannot(action, 'VM', 'VM is running.'),
  /** RunVmValidator.validateStoragePoolUp -> ACTION_TYPE_FAILED_STORAGE_POOL_STATUS_ILLEGAL (CONFLICT). */
  runVmPoolNotUp: () => cannot('run', 'VM', 'Unknown Data Center status.'),
  vmNotRunning: (action: string) => cannot(action, 'VM', 'VM is not running.'),
  vmPinned: () => cannot('migrate', 'VM', 'VM is pinned to a specific Host.'),
  vmNonMigratable: () => cannot('migrate', 'VM', 'VM is non migratable.'),
  sameHost: () => cannot('migrate', 'VM', 'source and destination is the same.'),
  leaseWithoutHa: () => cannot('edit', 'VM', 'A VM lease was defined but high availability option is set to false.'),
  leaseHotSwap: () =>
    cannot(
      'edit',
      'VM',
      'Hot swapping of VM leases is not supported, please remove the current lease and then set a new one.'
    ),
  heCannotBeHa: () =>
    cannot('edit', 'VM', 'The Hosted Engine VM cannot be set to highly available as it has its own HA mechanism.'),
  storageDomainMissing: (action: string, type: string) => cannot(action, type, "Storage Domain doesn't exist."),
  hostMissing: (action: string, type: string, name: string) => cannot(action, type, `Host ${name} doesn't exist.`),
  affinityNameExists: (action: string) => cannot(action, 'Affinity Group', 'Affinity Group name already exists.'),
  notHostedEngineVm: () => cannot('maintenance', 'VM', 'The VM is not the Hosted Engine VM.'),
} as const;
