import { formatInventory } from '../../../src/cli/inventory-show';
import { loadInventory } from '../../../src/inventory/load';

describe('runbook inventory show', () => {
  it('lists every host with its site, address, port, user and groups, then the VMs per site', async () => {
    const text = formatInventory(await loadInventory('inventories/lab.yaml'));
    const lines = text.split('\n');
    expect(lines).toContain('engine: standalone at https://127.0.0.1:18180/ovirt-engine/api (host engine)');
    expect(lines).toContainEqual(expect.stringMatching(/^HOST\s+SITE\s+ADDRESS\s+PORT\s+USER\s+GROUPS$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^kvm-a1\s+primary \(site-a\)\s+127\.10\.1\.11\s+2222\s+root\s+kvm, hosted-engine$/)
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^kvm-b3\s+secondary \(site-b\)\s+127\.10\.2\.23\s+2222\s+root\s+kvm$/)
    );
    expect(lines).toContainEqual(expect.stringMatching(/^engine\s+-\s+127\.10\.0\.5\s+2222\s+root\s+-$/));
    const primaryAt = lines.indexOf('VMs on primary (site-a):');
    const secondaryAt = lines.indexOf('VMs on secondary (site-b):');
    expect(primaryAt).toBeGreaterThan(0);
    expect(secondaryAt).toBeGreaterThan(primaryAt);
    expect(lines.slice(primaryAt, secondaryAt)).toContainEqual(
      expect.stringMatching(/^db-1\s+8GiB\s+yes\s+100\s+data-a$/)
    );
    expect(lines.slice(primaryAt, secondaryAt)).toContainEqual(expect.stringMatching(/^batch-1\s+1GiB\s+no\s+0\s+-$/));
    expect(lines.slice(secondaryAt)).toContainEqual(expect.stringMatching(/^db-4\s+6GiB\s+yes\s+90\s+data-b$/));
  });
});
