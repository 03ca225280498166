/**
 * JSON writer (ovirt-api.md §2.1): no root wrapper; collections as `{ "<singular>": [...] }` and `{}` when empty;
 * booleans and 32-bit integers as strings; 64-bit integers and decimals as numbers; dates as epoch milliseconds.
 */
import type { Node, NodeObject, Representation } from './values';
import { Decimal } from './values';

function convert(node: Node): unknown {
  if (typeof node === 'string') return node;
  if (typeof node === 'boolean' || typeof node === 'number') return String(node);
  if (typeof node === 'bigint') return Number(node);
  if (node instanceof Date) return node.getTime();
  if (node instanceof Decimal) return node.value;
  if (Array.isArray(node)) return node.map(convert);
  return convertObject(node);
}

function convertObject(node: NodeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value !== undefined) out[key] = convert(value);
  }
  return out;
}

export function toJsonValue(rep: Representation): unknown {
  if (rep.kind === 'entity') return convertObject(rep.body);
  return rep.items.length === 0 ? {} : { [rep.item]: rep.items.map(convertObject) };
}

export function writeJson(rep: Representation): string {
  return JSON.stringify(toJsonValue(rep));
}
