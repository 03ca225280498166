/**
 * `follow=cluster,vms,hosts.cluster`: inline linked objects in place of their references (MODEL 003
 * "Following links"). A reference `{href,id}` becomes the full object; a link `rel` becomes the collection,
 * named after the followed attribute; dotted paths go deeper.
 */
import { ApiFault } from './api-fault';
import { FOLLOW_ATTRIBUTES } from './links';
import type { Node, NodeObject, Representation } from './values';
import { isNodeObject } from './values';

/** Fetch an href inside the server (an internal GET). */
export type Resolver = (href: string) => Representation | undefined;

function parseFollow(spec: string): string[][] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split('.'));
}

function resolveEntity(node: NodeObject, resolve: Resolver): NodeObject | undefined {
  const href = node['href'];
  if (typeof href !== 'string') return undefined;
  const rep = resolve(href);
  return rep?.kind === 'entity' ? rep.body : undefined;
}

/**
 * A sub-collection by the entity attribute it fills: the engine finds the link whose rel is the name without
 * underscores and sets the attribute of that name, so `disk_attachments` works and `diskattachments` or a rel
 * without an attribute (`fenceagents`) does not (ENGINE RESTAPI/resource/utils/LinkFollower.java).
 */
function followLink(object: NodeObject, name: string, resolve: Resolver): Node | undefined {
  const rel = name.replace(/_/g, '');
  if (FOLLOW_ATTRIBUTES.get(rel) !== name) return undefined;
  const linkList = object['link'];
  const found = Array.isArray(linkList) ? linkList.find((l) => isNodeObject(l) && l['rel'] === rel) : undefined;
  if (!isNodeObject(found) || typeof found['href'] !== 'string') return undefined;
  const rep = resolve(found['href']);
  if (rep?.kind !== 'collection') return undefined;
  // An empty collection object has no list at all (the engine never creates it), as at the top level.
  return rep.items.length === 0 ? {} : { [rep.item]: rep.items };
}

function followOne(object: NodeObject, path: string[], resolve: Resolver): void {
  const [name, ...rest] = path;
  if (name === undefined) return;
  const current = object[name];
  let targets: NodeObject[] = [];
  if (isNodeObject(current) && typeof current['href'] === 'string') {
    const full = resolveEntity(current, resolve);
    if (full) object[name] = full;
    targets = full ? [full] : [];
  } else if (isNodeObject(current)) {
    targets = inlineList(current, resolve);
  } else {
    const inlined = followLink(object, name, resolve);
    if (inlined === undefined) throw ApiFault.badRequest('Invalid follow', `[Cannot follow "${name}"]`);
    object[name] = inlined;
    targets = Object.values(inlined as NodeObject).flatMap((v) => (Array.isArray(v) ? v.filter(isNodeObject) : []));
  }
  if (rest.length > 0) for (const target of targets) followOne(target, rest, resolve);
}

/** A wrapper list of references (`{ vm: [{id, href}] }`): inline each member. */
function inlineList(wrapper: NodeObject, resolve: Resolver): NodeObject[] {
  const result: NodeObject[] = [];
  for (const [key, value] of Object.entries(wrapper)) {
    if (!Array.isArray(value)) continue;
    wrapper[key] = value.map((item) => (isNodeObject(item) ? (resolveEntity(item, resolve) ?? item) : item));
    result.push(...(wrapper[key] as Node[]).filter(isNodeObject));
  }
  return result;
}

export function applyFollow(rep: Representation, spec: string | null, resolve: Resolver): void {
  if (spec === null || spec.trim() === '') return;
  const paths = parseFollow(spec);
  const objects = rep.kind === 'entity' ? [rep.body] : rep.items;
  for (const object of objects) for (const path of paths) followOne(object, path, resolve);
}
