/**
 * XML writer, per the API model's XML schema: the root element is the type (`<host>`) or the plural for a
 * collection (`<hosts>`); `id`, `href` and `rel` are attributes; lists repeat their element; booleans are
 * `true`/`false`; dates are xs:dateTime. Built by string concatenation: listings of thousands of VMs stay fast.
 */
import type { Node, NodeObject, Representation } from './values';
import { Decimal, isNodeObject } from './values';

const ATTRIBUTES = new Set(['id', 'href', 'rel']);
const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  if (!ATTRIBUTE_SPECIAL.test(text)) return text;
  return escapeText(text).replace(/"/g, '&quot;');
}

/** xs:dateTime in UTC with an explicit offset, as the engine writes dates (`2016-09-14T12:14:34.541+00:00`). */
export function formatXmlDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function scalarText(node: Node): string {
  if (node instanceof Date) return formatXmlDate(node);
  if (node instanceof Decimal) return String(node.value);
  return String(node as string | number | boolean | bigint);
}

function element(name: string, node: Node): string {
  if (Array.isArray(node)) {
    let out = '';
    for (const item of node) out += element(name, item);
    return out;
  }
  if (!isNodeObject(node)) return `<${name}>${escapeText(scalarText(node))}</${name}>`;
  return objectElement(name, node);
}

function objectElement(name: string, node: NodeObject): string {
  let attributes = '';
  let children = '';
  for (const key in node) {
    const value = node[key];
    if (value === undefined) continue;
    if (ATTRIBUTES.has(key) && typeof value === 'string') attributes += ` ${key}="${escapeAttribute(value)}"`;
    else children += element(key, value);
  }
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

export function writeXml(rep: Representation): string {
  const body = rep.kind === 'entity' ? rep.body : { [rep.item]: rep.items };
  return HEADER + objectElement(rep.type, body);
}
