import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadInventory } from '../../../src/inventory/load';
import { MAX_SITE_LATENCY_MS } from '../../../src/inventory/types';

const SHIPPED = readdirSync('inventories').filter((name) => name.endsWith('.yaml'));
const STATE_DIR = '/var/lib/runbook-lab';

describe('the shipped inventories', () => {
  it.each(SHIPPED)('inventories/%s loads without a problem', async (name) => {
    await expect(loadInventory(nodePath.join('inventories', name), { stateDir: STATE_DIR })).resolves.toMatchObject({
      name: expect.any(String),
    });
  });

  it.each(SHIPPED)('inventories/%s starts with the schema modeline for editors', (name) => {
    const firstLine = readFileSync(nodePath.join('inventories', name), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=../schemas/inventory.schema.json');
  });

  it('lab-self-hosted.yaml is the lab with a self-hosted engine and a hosted-engine host in each site', async () => {
    const inventory = await loadInventory('inventories/lab-self-hosted.yaml', { stateDir: STATE_DIR });
    expect(inventory.engine).toMatchObject({ kind: 'self-hosted', ha: 'hosted-engine' });
    expect(inventory.engine.host).toBeUndefined();
    const hostedEngineHosts = Object.values(inventory.hosts).filter((host) => host.hostedEngine);
    expect(hostedEngineHosts.map((host) => host.site)).toEqual(['primary', 'secondary']);
    expect(inventory.lab?.latencyMs).toBeLessThanOrEqual(MAX_SITE_LATENCY_MS['self-hosted']);
    const lab = await loadInventory('inventories/lab.yaml', { stateDir: STATE_DIR });
    expect(inventory.vms).toEqual(lab.vms);
    expect(inventory.sites).toEqual(lab.sites);
  });

  it('example-production.yaml is no lab, keeps every secret by reference and verifies TLS', async () => {
    const inventory = await loadInventory('inventories/example-production.yaml', { stateDir: STATE_DIR });
    expect(inventory.lab).toBeUndefined();
    expect(inventory.engine.password).toEqual({ ref: 'env:OLVM_PASSWORD' });
    expect(inventory.engine.insecure).toBe(false);
    expect(inventory.engine.caFile).toBeDefined();
    const becomeRefs = Object.values(inventory.hosts).flatMap((host) => host.becomePassword?.ref ?? []);
    expect(becomeRefs).not.toHaveLength(0);
    expect(becomeRefs.every((ref) => ref.startsWith('file:'))).toBe(true);
    expect(inventory.ssh.hostKeyChecking).toBe('strict');
  });

  it('example-production.yaml explains every key it sets with a comment', () => {
    const lines = readFileSync('inventories/example-production.yaml', 'utf8').split('\n');
    const commentLines = lines.filter((line) => line.trimStart().startsWith('#')).length;
    const keyLines = lines.filter((line) => /^\s*[a-z_]+:/.test(line)).length;
    expect(commentLines).toBeGreaterThanOrEqual(keyLines);
  });
});
