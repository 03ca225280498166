/**
 * `olvm.vm`: what the arguments ask for, resolved against the engine (storage domain and host names to ids), and
 * the rules the engine enforces, checked before any write: a lease needs high availability, and an HA VM with a
 * lease supports only `storage_error_resume_behaviour: kill` (ovirt-api.md §4.1, §4.3).
 */
import type { NameSet } from './select';

export const HA_PRIORITY_NAMES = { low: 1, medium: 50, high: 100 } as const;
export type HaPriorityName = keyof typeof HA_PRIORITY_NAMES;

export const RESUME_BEHAVIOURS = ['auto_resume', 'leave_paused', 'kill'] as const;
export type ResumeBehaviour = (typeof RESUME_BEHAVIOURS)[number];

export const PLACEMENTS = ['migratable', 'user_migratable', 'pinned'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export interface OlvmVmArgs {
  name: string;
  /** `true` / `false`, or `{ enabled, priority }` (0..100 or low / medium / high). */
  high_availability?: boolean | { enabled?: boolean; priority?: number | HaPriorityName };
  /** The storage domain holding the VM lease, by name; null or '' removes the lease. */
  lease?: string | null;
  /** Default `kill` when a lease is set (the only behaviour the engine supports for HA VMs with leases). */
  storage_error_resume_behaviour?: ResumeBehaviour;
  placement?: { affinity?: Placement; hosts?: NameSet };
}

/** The desired values, each undefined when the arguments leave it alone. */
export interface VmDesired {
  haEnabled?: boolean;
  haPriority?: number;
  /** A storage domain name, or null for no lease. */
  lease?: string | null;
  resume?: ResumeBehaviour;
  affinity?: Placement;
  /** Host names. */
  hosts?: string[];
}

export function haPriorityValue(value: number | HaPriorityName): number {
  return typeof value === 'number' ? value : HA_PRIORITY_NAMES[value];
}

export function readDesired(args: OlvmVmArgs, hostNames: (set: NameSet) => string[]): VmDesired {
  const desired: VmDesired = {};
  const ha = args.high_availability;
  if (typeof ha === 'boolean') desired.haEnabled = ha;
  else if (ha !== undefined) {
    if (ha.enabled !== undefined) desired.haEnabled = ha.enabled;
    if (ha.priority !== undefined) desired.haPriority = haPriorityValue(ha.priority);
  }
  if (args.lease !== undefined) desired.lease = args.lease === '' ? null : args.lease;
  const resume = args.storage_error_resume_behaviour ?? (typeof desired.lease === 'string' ? 'kill' : undefined);
  if (resume !== undefined) desired.resume = resume;
  if (args.placement?.affinity !== undefined) desired.affinity = args.placement.affinity;
  if (args.placement?.hosts !== undefined) desired.hosts = hostNames(args.placement.hosts);
  return desired;
}

export const VM_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: "The VM's name in the engine." },
    high_availability: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          properties: {
            enabled: { type: 'boolean', description: 'Restart the VM elsewhere when its host fails.' },
            priority: {
              anyOf: [
                { type: 'integer', minimum: 0, maximum: 100 },
                { type: 'string', enum: Object.keys(HA_PRIORITY_NAMES) },
              ],
              description: 'Restart order, 0..100 or low (1), medium (50), high (100): higher starts first.',
            },
          },
          additionalProperties: false,
        },
      ],
      description: 'High availability: true / false, or { enabled, priority }.',
    },
    lease: {
      type: ['string', 'null'],
      description: 'Storage domain (by name) holding the VM lease; null or "" removes it. Needs HA.',
    },
    storage_error_resume_behaviour: {
      type: 'string',
      enum: [...RESUME_BEHAVIOURS],
      description: 'What a VM paused by a storage error does; set to kill with a lease (the only value leases allow).',
    },
    placement: {
      type: 'object',
      properties: {
        affinity: {
          type: 'string',
          enum: [...PLACEMENTS],
          description: 'migratable, user_migratable (only by hand) or pinned (no live migration).',
        },
        hosts: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', items: { type: 'string', minLength: 1 } },
          ],
          description: 'Preferred (or pinned) hosts: names or a selector such as site:primary.',
        },
      },
      additionalProperties: false,
      description: 'Where the VM may run.',
    },
  },
  required: ['name'],
  additionalProperties: false,
} as const;
