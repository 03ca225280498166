/**
 * Target selectors: `all`, `engine`, `site:primary`, `group:kvm`, host names and globs (`kvm-a*`), separated by
 * commas or, as Ansible writes patterns, by colons (`all:!kvm-a1`, `site:primary:&group:kvm`); `!term` excludes,
 * `&term` intersects. The result is in inventory order, without duplicates.
 */
import { ExitCode, RunbookError } from '../shared/errors';
import { describeAlternatives } from '../shared/suggest';
import { SITE_ROLES, type HostEntry, type Inventory, type SiteRole } from './types';

/** What selectors read: enough of an inventory to resolve names (also used while groups are being built). */
export interface SelectionView {
  /** Every host name, in inventory order. */
  hostOrder: readonly string[];
  sites: Record<SiteRole, { name: string; hosts: readonly string[] }>;
  engineHost: string | undefined;
  groupNames(): string[];
  /** The host names of a group, or undefined when there is no such group. */
  groupMembers(name: string): readonly string[] | undefined;
}

const TermKind = { ALL: 'all', ENGINE: 'engine', SITE: 'site', GROUP: 'group', HOST: 'host', GLOB: 'glob' } as const;
type TermKind = (typeof TermKind)[keyof typeof TermKind];

interface Term {
  operation: 'add' | 'remove' | 'intersect';
  kind: TermKind;
  value: string;
  text: string;
}

/** A selector named unknown sites, groups or hosts, or was malformed. */
export class SelectorError extends RunbookError {
  readonly selector: string;
  readonly problems: readonly string[];
  constructor(selector: string, problems: readonly string[]) {
    super(`bad target selector "${selector}": ${problems.join('; ')}`, {
      code: 'SELECTOR_INVALID',
      exitCode: ExitCode.INVALID_INPUT,
    });
    this.selector = selector;
    this.problems = problems;
  }
}

const TERM_PATTERN = /^[A-Za-z0-9_.*?[\]-]+$/;

function parseTerm(raw: string, problems: string[]): Term | undefined {
  const operation = raw.startsWith('!') ? 'remove' : raw.startsWith('&') ? 'intersect' : 'add';
  const text = operation === 'add' ? raw : raw.slice(1).trim();
  const colon = text.indexOf(':');
  const prefix = colon >= 0 ? text.slice(0, colon) : undefined;
  const value = colon >= 0 ? text.slice(colon + 1).trim() : text;
  if (prefix !== undefined && prefix !== 'site' && prefix !== 'group') {
    problems.push(`unknown selector kind "${prefix}:" in "${raw}" (known: site:NAME, group:NAME)`);
    return undefined;
  }
  if (value === '') {
    problems.push(raw === '!' || raw === '&' ? `"${raw}" needs a term after it` : `"${raw}" needs a name`);
    return undefined;
  }
  if (!TERM_PATTERN.test(value)) {
    const bad = [...value].find((ch) => !/[A-Za-z0-9_.*?[\]-]/.test(ch));
    problems.push(`invalid character "${bad ?? value}" in "${raw}"`);
    return undefined;
  }
  return { operation, kind: termKind(prefix, value), value, text: raw };
}

function termKind(prefix: string | undefined, value: string): TermKind {
  if (prefix === 'site') return TermKind.SITE;
  if (prefix === 'group') return TermKind.GROUP;
  if (value === 'all') return TermKind.ALL;
  if (value === 'engine') return TermKind.ENGINE;
  return /[*?[]/.test(value) ? TermKind.GLOB : TermKind.HOST;
}

function parseSelector(selector: string, problems: string[]): Term[] {
  if (selector.trim() === '') {
    problems.push('empty selector');
    return [];
  }
  const terms: Term[] = [];
  for (const raw of selector
    .split(',')
    .flatMap(splitAnsibleTerms)
    .map((t) => t.trim())) {
    if (raw === '') problems.push(`empty term in "${selector}"`);
    else {
      const term = parseTerm(raw, problems);
      if (term) terms.push(term);
    }
  }
  return terms;
}

/** `all:!kvm-a1` -> `all`, `!kvm-a1`; the colon of `site:` and `group:` stays in its term. */
function splitAnsibleTerms(part: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (const piece of part.split(':')) {
    const isPrefix = /^\s*[!&]?\s*(site|group)\s*$/.test(current);
    if (current === '' && terms.length === 0) current = piece;
    else if (isPrefix) current = `${current}:${piece}`;
    else {
      terms.push(current);
      current = piece;
    }
  }
  return [...terms, current];
}

function globToRegExp(glob: string): RegExp {
  const source = [...glob]
    .map((ch) =>
      ch === '*' ? '.*' : ch === '?' ? '.' : ch === '[' || ch === ']' ? ch : ch.replace(/[.\\^$+(){}|-]/g, '\\$&')
    )
    .join('');
  return new RegExp(`^${source}$`);
}

function siteByName(view: SelectionView, name: string): SiteRole | undefined {
  return SITE_ROLES.find((role) => role === name) ?? SITE_ROLES.find((role) => view.sites[role].name === name);
}

function matchTerm(term: Term, view: SelectionView, problems: string[]): readonly string[] {
  switch (term.kind) {
    case TermKind.ALL:
      return view.hostOrder;
    case TermKind.ENGINE:
      if (view.engineHost === undefined) problems.push('"engine" needs engine.host in the inventory');
      return view.engineHost === undefined ? [] : [view.engineHost];
    case TermKind.SITE: {
      const role = siteByName(view, term.value);
      if (!role) problems.push(`no site "${term.value}" in inventory (known: ${SITE_ROLES.join(', ')})`);
      return role ? view.sites[role].hosts : [];
    }
    case TermKind.GROUP: {
      const members = view.groupMembers(term.value);
      if (!members)
        problems.push(`no group "${term.value}" in inventory${describeAlternatives(term.value, view.groupNames())}`);
      return members ?? [];
    }
    case TermKind.GLOB: {
      const pattern = globToRegExp(term.value);
      const matches = view.hostOrder.filter((name) => pattern.test(name));
      if (matches.length === 0) problems.push(`no host matches "${term.value}"`);
      return matches;
    }
    case TermKind.HOST:
      if (view.hostOrder.includes(term.value)) return [term.value];
      problems.push(`no host "${term.value}" in inventory${describeHostAlternatives(term.value, view)}`);
      return [];
  }
}

function describeHostAlternatives(name: string, view: SelectionView): string {
  if (view.groupMembers(name)) return ` (did you mean group:${name}?)`;
  if (siteByName(view, name)) return ` (did you mean site:${name}?)`;
  return describeAlternatives(name, view.hostOrder.length <= 12 ? view.hostOrder : []);
}

/** Host names a selector picks, in inventory order, with every problem found. */
export function selectHostNames(selector: string, view: SelectionView): { names: string[]; problems: string[] } {
  const problems: string[] = [];
  const terms = parseSelector(selector, problems);
  const hasAdditions = terms.some((t) => t.operation === 'add');
  let picked = new Set<string>(hasAdditions ? [] : view.hostOrder);
  for (const term of terms) {
    const matched = new Set(matchTerm(term, view, problems));
    if (term.operation === 'add') matched.forEach((name) => picked.add(name));
    else if (term.operation === 'remove') matched.forEach((name) => picked.delete(name));
    else picked = new Set([...picked].filter((name) => matched.has(name)));
  }
  return { names: view.hostOrder.filter((name) => picked.has(name)), problems };
}

export function viewOf(inventory: Inventory): SelectionView {
  return {
    hostOrder: Object.keys(inventory.hosts),
    sites: inventory.sites,
    engineHost: inventory.engine.host,
    groupNames: () => Object.keys(inventory.groups),
    groupMembers: (name) => (Object.hasOwn(inventory.groups, name) ? inventory.groups[name] : undefined),
  };
}

/** Syntax problems of a selector, without an inventory (empty when it is well formed). */
export function checkSelectorSyntax(selector: string): string[] {
  const problems: string[] = [];
  parseSelector(selector, problems);
  return problems;
}

/** The problems of a selector against an inventory (empty when it is fine). */
export function checkSelector(selector: string, inventory: Inventory): string[] {
  return selectHostNames(selector, viewOf(inventory)).problems;
}

/** The hosts a selector picks, narrowed by `limit` (another selector); throws SelectorError on any problem. */
export function resolveTargets(selector: string, inventory: Inventory, limit?: string): HostEntry[] {
  const view = viewOf(inventory);
  const selected = selectHostNames(selector, view);
  if (selected.problems.length > 0) throw new SelectorError(selector, selected.problems);
  let names = selected.names;
  if (limit !== undefined) {
    const limited = selectHostNames(limit, view);
    if (limited.problems.length > 0) throw new SelectorError(limit, limited.problems);
    names = names.filter((name) => limited.names.includes(name));
  }
  return names.map((name) => inventory.hosts[name] as HostEntry);
}
