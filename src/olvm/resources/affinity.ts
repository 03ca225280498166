/**
 * /clusters/{id}/affinitygroups and their vms/hosts sub-collections (§5.2). Sub-collections have no search, so
 * findByName lists and filters here.
 */
import { affinityGroupBody, selectorBody } from '../bodies';
import { parseAffinityGroup } from '../parse/affinity';
import { OlvmParseError } from '../errors';
import { toRef } from '../scalars';
import type { Ref } from '../model';
import type { AffinityGroupsResource, AffinityMembersResource } from '../types';
import type { Api } from './api';
import { seg, signalOf } from './api';

export function createAffinityGroupsResource(api: Api, clusterId: string): AffinityGroupsResource {
  const base = `/clusters/${seg(clusterId)}/affinitygroups`;
  const where = `in ${api.names.label('cluster', clusterId)}`;
  const label = (id: string): string => `${api.names.label('affinity group', id)} ${where}`;
  const list: AffinityGroupsResource['list'] = (options = {}) =>
    api.list({
      path: base,
      key: 'affinity_group',
      parse: parseAffinityGroup,
      what: `affinity groups ${where}`,
      options: {
        ...signalOf(options.signal),
        ...(options.max !== undefined ? { max: options.max } : {}),
        ...(options.follow !== undefined ? { follow: options.follow } : {}),
      },
    });
  return {
    list,
    get: (id, options) => api.get(`${base}/${seg(id)}`, parseAffinityGroup, label(id), options),
    findByName: async (name, options = {}) => (await list(options)).find((group) => group.name === name),
    add: async (spec, options) =>
      api.write({
        method: 'POST',
        path: base,
        body: affinityGroupBody(spec),
        operation: `add of affinity group ${spec.name} ${where}`,
        options,
        parse: parseAffinityGroup,
      }),
    update: async (id, patch, options) =>
      api.write({
        method: 'PUT',
        path: `${base}/${seg(id)}`,
        body: affinityGroupBody(patch),
        operation: `update of ${label(id)}`,
        options,
        parse: parseAffinityGroup,
      }),
    remove: async (id, options) =>
      api.write({
        method: 'DELETE',
        path: `${base}/${seg(id)}`,
        operation: `removal of ${label(id)}`,
        options,
        parse: () => undefined,
      }),
    vms: (groupId) =>
      createMembers(api, { base: `${base}/${seg(groupId)}/vms`, key: 'vm', kind: 'VM', group: label(groupId) }),
    hosts: (groupId) =>
      createMembers(api, { base: `${base}/${seg(groupId)}/hosts`, key: 'host', kind: 'host', group: label(groupId) }),
  };
}

interface MembersSpec {
  base: string;
  key: 'vm' | 'host';
  kind: string;
  group: string;
}

function createMembers(api: Api, spec: MembersSpec): AffinityMembersResource {
  const memberLabel = (selector: { id: string } | { name: string }): string =>
    'id' in selector ? api.names.label(spec.kind, selector.id) : `${spec.kind} ${selector.name}`;
  return {
    list: (options = {}) =>
      api.list<Ref>({
        path: spec.base,
        key: spec.key,
        parse: parseMember,
        what: `${spec.kind}s of ${spec.group}`,
        options: signalOf(options.signal),
      }),
    add: async (member, options) => {
      await api.write({
        method: 'POST',
        path: spec.base,
        body: selectorBody(member),
        operation: `addition of ${memberLabel(member)} to ${spec.group}`,
        options,
        parse: () => undefined,
      });
    },
    remove: async (memberId, options) => {
      await api.write({
        method: 'DELETE',
        path: `${spec.base}/${seg(memberId)}`,
        operation: `removal of ${memberLabel({ id: memberId })} from ${spec.group}`,
        options,
        parse: () => undefined,
      });
    },
  };
}

function parseMember(value: unknown): Ref {
  const ref = toRef(value);
  if (!ref) throw new OlvmParseError('an affinity group member without an id');
  return ref;
}
