/**
 * `olvm.affinity_group`: arguments, the rules as they will be once the step is done (the engine's defaults and
 * its update rule: a polarity without `enabled` enables the rule), and the procedure's warnings about hard rules.
 */
import type { AffinityGroup, AffinityRule } from '../../olvm/types';
import type { NameSet } from './select';

export interface RuleArgs {
  enabled?: boolean;
  positive?: boolean;
  enforcing?: boolean;
}

export interface OlvmAffinityGroupArgs {
  name: string;
  cluster?: string;
  state?: 'present' | 'absent';
  description?: string;
  priority?: number;
  vms?: NameSet;
  hosts?: NameSet;
  vms_rule?: RuleArgs;
  hosts_rule?: RuleArgs;
}

const DISABLED: AffinityRule = { isEnabled: false, isPositive: false, isEnforcing: false };

/** The rule after the step: a new group starts from a disabled rule; a rule given without `enabled` is on. */
export function desiredRule(given: RuleArgs | undefined, current: AffinityRule | undefined): AffinityRule {
  const base = current ?? DISABLED;
  if (given === undefined) return base;
  const isEnabled = given.enabled ?? (given.positive !== undefined || current === undefined ? true : base.isEnabled);
  return {
    isEnabled,
    isPositive: given.positive ?? (current === undefined ? isEnabled : base.isPositive),
    isEnforcing: given.enforcing ?? (current === undefined ? false : base.isEnforcing),
  };
}

export function ruleView(rule: AffinityRule): { enabled: boolean; positive: boolean; enforcing: boolean } {
  return { enabled: rule.isEnabled, positive: rule.isPositive, enforcing: rule.isEnforcing };
}

const PROCEDURE_VM_RULE =
  'the procedure: with VM Affinity Rule Enforcing enabled (shown as Hard), the system does not migrate a virtual ' +
  'machine to a host different from where the other virtual machines in its affinity group are running';

/** Warnings about rules that would keep VMs from failing over (the procedure asks for soft VM-to-host affinity). */
export function hardRuleWarnings(name: string, vmsRule: AffinityRule, hostsRule: AffinityRule): string[] {
  const warnings: string[] = [];
  if (hostsRule.isEnabled && hostsRule.isEnforcing) {
    warnings.push(
      `affinity group ${name}: its VM-to-host rule is enforcing (hard): its VMs cannot run on hosts outside the ` +
        'group, so they will not fail over to the other site (the procedure asks for soft enforced virtual ' +
        'machine to host affinity)'
    );
  }
  if (vmsRule.isEnabled && vmsRule.isEnforcing) {
    warnings.push(`affinity group ${name}: its VM rule is enforcing (hard) (${PROCEDURE_VM_RULE})`);
  }
  return warnings;
}

export function groupIds(group: AffinityGroup | undefined, key: 'vms' | 'hosts'): string[] {
  return group === undefined ? [] : group[key].map((ref) => ref.id);
}

const RULE_SCHEMA = (what: string) => ({
  type: 'object',
  properties: {
    enabled: {
      type: 'boolean',
      description: `Whether the ${what} rule applies (default true when the rule is given).`,
    },
    positive: { type: 'boolean', description: 'true: attract (run together / on these hosts); false: repel.' },
    enforcing: { type: 'boolean', description: 'true: hard (a filter); false: soft (a preference). Default false.' },
  },
  additionalProperties: false,
  description: `The ${what} rule.`,
});

export const AFFINITY_GROUP_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: "The group's name in its cluster." },
    cluster: { type: 'string', minLength: 1, description: "The cluster, by name (default: the inventory's)." },
    state: { type: 'string', enum: ['present', 'absent'], description: 'present (default) or absent (removed).' },
    description: { type: 'string', description: 'Free text shown in the engine.' },
    priority: { type: 'number', minimum: 0, description: 'Order among broken soft groups (engine default 1).' },
    vms: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 } },
      ],
      description: 'Exactly these VMs: names, or a selector such as site:primary (the VMs whose home it is).',
    },
    hosts: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 } },
      ],
      description: 'Exactly these hosts: names, or a selector such as site:primary.',
    },
    vms_rule: RULE_SCHEMA('VM-to-VM'),
    hosts_rule: RULE_SCHEMA('VM-to-host'),
  },
  required: ['name'],
  additionalProperties: false,
} as const;
