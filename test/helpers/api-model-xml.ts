/**
 * Turns the API model's documentation examples into what the engine sends as JSON, for the client's fixture test.
 * XML follows ovirt-api.md §2.1: no root wrapper; a collection becomes `{"<singular>": [...]}`; a nested list
 * `<hosts><host/></hosts>` becomes `{"hosts":{"host":[...]}}`; `link` is always a list; attributes and leaf
 * texts are strings; dates (ISO in XML) become epoch-ms numbers; the docs' `...` elisions are dropped.
 * Test code only: the client never reads XML, and the lab's serializer is not used here.
 */
import { XMLParser } from 'fast-xml-parser';

type Node = string | { [key: string]: Node | Node[] };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
});

export function xmlExampleToEngineJson(xml: string): unknown {
  const document = parser.parse(xml) as Record<string, Node>;
  const rootName = Object.keys(document).find((key) => !key.startsWith('#') && !key.startsWith('?'));
  if (rootName === undefined) throw new Error('the example has no root element');
  const root = document[rootName]!;
  const singular = collectionItemKey(rootName, root);
  if (singular !== undefined && typeof root === 'object') {
    return { [singular]: asList(root[singular]!).map(convert) };
  }
  return convert(root);
}

/** The docs elide with `...` lines and leave trailing commas; drop both so JSON.parse reads the rest verbatim. */
export function jsonExampleToEngineJson(text: string): unknown {
  const withoutElisions = text
    .split('\n')
    .filter((line) => line.trim() !== '...')
    .join('\n');
  return JSON.parse(withoutElisions.replace(/,(\s*[}\]])/g, '$1')) as unknown;
}

function convert(node: Node | Node[]): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node === 'string') return node === '' ? {} : convertText(node);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('#')) continue;
    out[key] = convertChild(key, child);
  }
  return out;
}

function convertChild(key: string, child: Node | Node[]): unknown {
  if (key === 'link') return asList(child).map(convert);
  const itemKey = Array.isArray(child) ? undefined : collectionItemKey(key, child);
  if (itemKey !== undefined && typeof child === 'object' && !Array.isArray(child)) {
    return { [itemKey]: asList(child[itemKey]!).map(convert) };
  }
  return convert(child);
}

function convertText(text: string): unknown {
  return ISO_DATE.test(text) ? Date.parse(text) : text;
}

/** `hosts` holding only `host` children is a list wrapper; the item key is `host`. */
function collectionItemKey(name: string, node: Node | Node[]): string | undefined {
  if (typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node).filter((key) => !key.startsWith('#'));
  if (keys.length !== 1) return undefined;
  const only = keys[0]!;
  return name === `${only}s` ? only : undefined;
}

function asList(node: Node | Node[]): Node[] {
  return Array.isArray(node) ? node : [node];
}
