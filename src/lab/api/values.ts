/**
 * The lab's neutral representation of API documents, shared by the JSON and XML writers (never by src/olvm).
 * JS types carry the model's primitive types: `boolean`; `number` = 32-bit integer; `bigint` = 64-bit integer;
 * `Date`; `Decimal`; `string` (text and enums). Nested lists follow the model: `{ hosts: { host: [...] } }`.
 */

export class Decimal {
  constructor(readonly value: number) {}
}

export type Scalar = string | number | boolean | bigint | Date | Decimal;
export type Node = Scalar | Node[] | NodeObject;
export interface NodeObject {
  [key: string]: Node | undefined;
}

/** One identified object; `type` is its XML element name (host, vm, data_center, ...). */
export interface Entity {
  kind: 'entity';
  type: string;
  body: NodeObject;
}

/** A collection; `type` is the plural element (hosts, data_centers), `item` the singular (host, data_center). */
export interface Collection {
  kind: 'collection';
  type: string;
  item: string;
  items: NodeObject[];
}

export type Representation = Entity | Collection;

export const API_BASE = '/ovirt-engine/api';

export function entity(type: string, body: NodeObject): Entity {
  return { kind: 'entity', type, body };
}

export function collection(type: string, item: string, items: NodeObject[]): Collection {
  return { kind: 'collection', type, item, items };
}

/** A reference to another object: `{ href, id }`. */
export function ref(path: string, id: string): NodeObject {
  return { href: `${API_BASE}/${path}/${id}`, id };
}

export function links(base: string, rels: readonly string[]): NodeObject[] {
  return rels.map((rel) => ({ href: `${base}/${rel}`, rel }));
}

export function actions(base: string, names: readonly string[]): NodeObject {
  return { link: links(base, names) };
}

export function isNodeObject(node: Node | undefined): node is NodeObject {
  return (
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    !(node instanceof Date) &&
    !(node instanceof Decimal)
  );
}
