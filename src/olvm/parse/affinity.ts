/** Affinity groups of a cluster (ovirt-api.md §5). */
import type { AffinityGroup, AffinityRule } from '../model';
import { optional, readBoolean, readNumber, readObject, readRef, readRefs } from '../scalars';
import type { Json } from '../scalars';
import { readIdentity, requireObject } from './common';

export function parseAffinityGroup(value: unknown): AffinityGroup {
  const json = requireObject(value, 'affinity group');
  return {
    ...readIdentity(json, 'affinity group'),
    ...optional('cluster', readRef(json, 'cluster')),
    ...optional('priority', readNumber(json, 'priority')),
    vmsRule: parseVmsRule(json),
    hostsRule: parseRule(readObject(json, 'hosts_rule')),
    ...optional('isBroken', readBoolean(json, 'broken')),
    vms: readRefs(json, 'vms', 'vm'),
    hosts: readRefs(json, 'hosts', 'host'),
  };
}

/**
 * The VM↔VM rule: `vms_rule` since 4.1; before that (and in the model's older examples) the group itself
 * carries `positive`/`enforcing`, and a group with `positive` set had its VM rule on.
 */
function parseVmsRule(json: Json): AffinityRule {
  const rule = readObject(json, 'vms_rule');
  if (rule) return parseRule(rule);
  const positive = readBoolean(json, 'positive');
  return {
    isEnabled: positive !== undefined,
    isPositive: positive ?? false,
    isEnforcing: readBoolean(json, 'enforcing') ?? false,
  };
}

/** A rule without `enabled` but with `positive` counts as enabled (MODEL types/AffinityRule.java). */
function parseRule(json: Json | undefined): AffinityRule {
  const positive = readBoolean(json, 'positive');
  return {
    isEnabled: readBoolean(json, 'enabled') ?? positive !== undefined,
    isPositive: positive ?? false,
    isEnforcing: readBoolean(json, 'enforcing') ?? false,
  };
}
