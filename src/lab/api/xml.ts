/**
 * XML writer, per the API model's XML schema: the root element is the type (`<host>`) or the plural for a
 * collection (`<hosts>`); `id`, `href` and `rel` are attributes; lists repeat their element; booleans are
 * `true`/`false`; dates are xs:dateTime.
 */
import type { Node, NodeObject, Representation } from './values';
import { Decimal, isNodeObject } from './values';

const ATTRIBUTES = new Set(['id', 'href', 'rel']);
const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** xs:dateTime in UTC with an explicit offset, as the engine writes dates (`2016-09-14T12:14:34.541+00:00`). */
export function formatXmlDate(date: Date): string {
  const d = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const t = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${d}T${t}.${pad(date.getUTCMilliseconds(), 3)}+00:00`;
}

function scalarText(node: Node): string {
  if (node instanceof Date) return formatXmlDate(node);
  if (node instanceof Decimal) return String(node.value);
  return String(node as string | number | boolean | bigint);
}

function writeElement(name: string, node: Node, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) writeElement(name, item, out);
    return;
  }
  if (!isNodeObject(node)) {
    out.push(`<${name}>${escapeText(scalarText(node))}</${name}>`);
    return;
  }
  writeObject(name, node, out);
}

function writeObject(name: string, node: NodeObject, out: string[]): void {
  let attributes = '';
  const children: [string, Node][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    if (ATTRIBUTES.has(key) && typeof value === 'string') attributes += ` ${key}="${escapeAttribute(value)}"`;
    else children.push([key, value]);
  }
  if (children.length === 0) {
    out.push(`<${name}${attributes}/>`);
    return;
  }
  out.push(`<${name}${attributes}>`);
  for (const [key, value] of children) writeElement(key, value, out);
  out.push(`</${name}>`);
}

export function writeXml(rep: Representation): string {
  const out: string[] = [HEADER];
  if (rep.kind === 'entity') writeObject(rep.type, rep.body, out);
  else writeObject(rep.type, { [rep.item]: rep.items }, out);
  return out.join('');
}
