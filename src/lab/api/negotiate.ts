/** Content negotiation: the engine answers XML unless the client accepts JSON first. */
import type { Representation } from './values';
import { writeJson } from './json';
import { writeXml } from './xml';

export type WireFormat = 'json' | 'xml';

export function pickFormat(accept: string | undefined): WireFormat {
  const text = (accept ?? '').toLowerCase();
  const json = text.indexOf('json');
  const xml = text.indexOf('xml');
  if (json >= 0 && (xml < 0 || json < xml)) return 'json';
  return 'xml';
}

export function contentType(format: WireFormat): string {
  return format === 'json' ? 'application/json' : 'application/xml;charset=UTF-8';
}

export function serialize(rep: Representation, format: WireFormat): string {
  return format === 'json' ? writeJson(rep) : writeXml(rep);
}
