/** Resolves `groups:` (lists of host names or selectors, which may name other groups) into host names. */
import type { DocumentProblems } from '../shared/problems';
import { selectHostNames, type SelectionView } from './select';

type GroupsView = Omit<SelectionView, 'groupMembers' | 'groupNames'>;

/** Host names of every group in inventory order; problems are reported at the offending entry. */
export function resolveGroups(
  groups: Record<string, readonly string[]>,
  base: GroupsView,
  problems: DocumentProblems
): Record<string, string[]> {
  const resolved = new Map<string, string[]>();
  const resolving: string[] = [];

  const view: SelectionView = {
    ...base,
    groupNames: () => Object.keys(groups),
    groupMembers: (name) => (Object.hasOwn(groups, name) ? resolveGroup(name) : undefined),
  };

  function resolveGroup(name: string): string[] {
    const done = resolved.get(name);
    if (done) return done;
    if (resolving.includes(name)) return [];
    resolving.push(name);
    const members = new Set<string>();
    (groups[name] ?? []).forEach((entry, i) => {
      const cycle = findCycle(entry, name);
      if (cycle) problems.atValue(['groups', name, i], cycle);
      const selected = selectHostNames(entry, view);
      selected.problems.forEach((message) => problems.atValue(['groups', name, i], message));
      selected.names.forEach((host) => members.add(host));
    });
    resolving.pop();
    const ordered = base.hostOrder.filter((host) => members.has(host));
    resolved.set(name, ordered);
    return ordered;
  }

  function findCycle(entry: string, name: string): string | undefined {
    const referenced = [...entry.matchAll(/group:([A-Za-z0-9_.-]+)/g)].map((m) => m[1] as string);
    const looping = referenced.find((group) => resolving.includes(group));
    if (looping === undefined) return undefined;
    return `group "${name}" includes itself through ${[...resolving.slice(resolving.indexOf(looping)), looping].join(' -> ')}`;
  }

  return Object.fromEntries(Object.keys(groups).map((name) => [name, resolveGroup(name)]));
}
