/**
 * A client that follows everything the lab shows it never meets a dead end: crawled from /ovirt-engine/api in
 * JSON and in XML (every href and every `follow` of every link, bounded per URL shape), no advertised link
 * answers 404 or 5xx, and every listed action is routed. The representations met on the way are checked against
 * the API model (model-check.ts): element names and value types, link rels, and the elements the engine's
 * mappers send on a plain read.
 */
import type { LabEngine } from '../../../src/lab';
import { buildRouter } from '../../../src/lab/api/routes';
import { makeInventory } from '../../helpers/inventory';
import type { Fetched } from './crawler';
import { crawl, shapeOf } from './crawler';
import type { Doc } from './http';
import { get, items, post } from './http';
import { hostByName, startTestLab, vmByName } from './lab-fixture';
import type { PlainRead } from './model-check';
import { checkXmlDocument, expectedRels, followName, hrefShape, missingPaths, PLAIN_READ } from './model-check';

/** POST-only in the engine (ExternalVmImportsService, ExternalTemplateImportsService): GET is 405 there too. */
const POST_ONLY = new Set(['/externalvmimports', '/externaltemplateimports']);

const KIND_BY_SHAPE: Record<string, string> = {
  '/hosts/:id': 'host',
  '/vms/:id': 'vm',
  '/templates/:id': 'template',
  '/clusters/:id': 'cluster',
  '/datacenters/:id': 'data_center',
  '/storagedomains/:id': 'storage_domain',
  '/datacenters/:id/storagedomains/:id': 'storage_domain',
  '/clusters/:id/affinitygroups/:id': 'affinity_group',
  '/events/:id': 'event',
  '/jobs/:id': 'job',
  '/jobs/:id/steps/:id': 'step',
};

function attribute(node: Doc, name: string): string | undefined {
  const value = node?.[name] ?? node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Every object with an href and an id in a document (the entity and the items of a collection). */
function entitiesOf(node: Doc, out: Doc[] = []): Doc[] {
  if (Array.isArray(node)) node.forEach((item: Doc) => void entitiesOf(item, out));
  else if (typeof node === 'object' && node !== null) {
    if (attribute(node, 'href') !== undefined && attribute(node, 'id') !== undefined && 'link' in node) out.push(node);
    for (const [key, value] of Object.entries(node)) if (key !== 'actions' && key !== 'link') entitiesOf(value, out);
  }
  return out;
}

function isDeadEnd(page: Fetched): boolean {
  if (page.status === 405) return !POST_ONLY.has(page.path);
  return page.status === 404 || page.status >= 500;
}

function conditionsOf(kind: string, node: Doc, shape: string): (keyof PlainRead)[] {
  const status = attribute(node, 'status') ?? (typeof node.status === 'string' ? node.status : undefined);
  const conditions: (keyof PlainRead)[] = ['always'];
  if (kind === 'vm' && status !== 'down' && status !== undefined) conditions.push('running');
  if (kind === 'host' && status !== 'installing' && status !== 'install_failed') conditions.push('reported');
  if (kind === 'storage_domain' && shape.startsWith('/datacenters/')) conditions.push('attached');
  return conditions;
}

describe('a client crawling the lab', () => {
  let lab: LabEngine;
  const pages: Record<'json' | 'xml', Fetched[]> = { json: [], xml: [] };

  beforeAll(async () => {
    lab = await startTestLab({ inventory: makeInventory({ engine: { kind: 'self-hosted' } }) });
    const a2 = await hostByName(lab, 'kvm-a2');
    await post(lab, `/hosts/${a2.id}/deactivate`, { reason: 'crawl' }, { headers: { 'Correlation-Id': 'crawl-1' } });
    const vm = await vmByName(lab, 'web-1');
    await post(lab, `/vms/${vm.id}/stop`, {});
    lab.clock.advance(10 * 60_000);
    pages.json = await crawl(lab, { format: 'json', followName });
    pages.xml = await crawl(lab, { format: 'xml', followName });
  }, 600_000);
  afterAll(() => lab.close());

  it.each(['json', 'xml'] as const)('meets no 404 and no 5xx for an advertised link (%s)', (format) => {
    const dead = pages[format].filter(isDeadEnd).map((p) => `${p.status} ${p.path} (linked from ${p.from || '/'})`);
    expect(dead).toEqual([]);
    expect(pages[format].length).toBeGreaterThan(300);
    const shapes = new Set(pages[format].map((p) => shapeOf(p.path)));
    for (const reached of ['/hosts/:id/nics', '/vms/:id/numanodes', '/vms/:id/diskattachments', '/templates/:id']) {
      expect(shapes).toContain(reached);
    }
  });

  it('finds every listed action in the route table', () => {
    const router = buildRouter();
    const unrouted = new Set<string>();
    for (const page of pages.json) {
      const walk = (node: Doc): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (typeof node !== 'object' || node === null) return;
        for (const link of [node.actions?.link ?? []].flat()) {
          const href = String(link.href).replace(/^\/ovirt-engine\/api/, '');
          if (!router.isRouted('POST', href)) unrouted.add(shapeOf(href));
        }
        Object.values(node).forEach(walk);
      };
      walk(page.body);
    }
    expect([...unrouted]).toEqual([]);
  });

  it('sends only elements the model defines, with values of their types (XML)', () => {
    const problems: string[] = [];
    for (const page of pages.xml.filter((p) => p.status === 200)) checkXmlDocument(page.body, page.path, problems);
    expect([...new Set(problems)].slice(0, 50)).toEqual([]);
  });

  it.each(['json', 'xml'] as const)('links every entity to its service locators, no more, no less (%s)', (format) => {
    const wrong: string[] = [];
    let checked = 0;
    for (const page of pages[format].filter((p) => p.status === 200 && !p.path.includes('?'))) {
      for (const entity of entitiesOf(page.body)) {
        const shape = hrefShape(attribute(entity, 'href') ?? '');
        const expected = expectedRels(shape);
        if (expected === undefined) continue;
        checked++;
        const rels = [entity.link].flat().map((l: Doc) => attribute(l, 'rel'));
        if (rels.sort().join() !== [...expected].sort().join()) wrong.push(`${shape}: ${rels.join()}`);
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it.each(['json', 'xml'] as const)('sends what the engine sends on a plain read (%s)', (format) => {
    const missing: string[] = [];
    const kinds = new Set<string>();
    for (const page of pages[format].filter((p) => p.status === 200 && !p.path.includes('?'))) {
      const kind = KIND_BY_SHAPE[shapeOf(page.path)];
      if (kind === undefined) continue;
      const spec = PLAIN_READ[kind] as PlainRead;
      const node = format === 'json' ? page.body : page.body[Object.keys(page.body).find((k) => !k.startsWith('?'))!];
      const paths = conditionsOf(kind, node, shapeOf(page.path)).flatMap((c) => (spec[c] as string[]) ?? []);
      for (const path of missingPaths(node, paths)) missing.push(`${shapeOf(page.path)} ${path}`);
      kinds.add(kind);
    }
    expect([...new Set(missing)]).toEqual([]);
    expect([...kinds].sort()).toEqual(
      Object.keys(PLAIN_READ)
        .filter((k) => k !== 'about')
        .sort()
    );
  });

  it('answers the searches and sub-collections clients rely on', async () => {
    const templates = await get(lab, `/templates?search=${encodeURIComponent('name=Blank')}`);
    expect(items(templates.body, 'template').map((t): unknown => t.name)).toEqual(['Blank']);
    const ofVm = await get(lab, `/templates?search=${encodeURIComponent('vm.name=db-1 and datacenter=dc1')}`);
    expect(items(ofVm.body, 'template').map((t): unknown => t.name)).toEqual(['Blank']);
    expect(items((await get(lab, '/templates?search=name%3Dnone')).body, 'template')).toEqual([]);
    const vm = await vmByName(lab, 'db-1');
    expect((await get(lab, `/vms/${vm.id}/numanodes`)).body).toEqual({});
    const xml = await get(lab, `/vms/${vm.id}/numanodes`, { format: 'xml' });
    expect(xml.text).toContain('<vm_numa_nodes/>');
  });
});
