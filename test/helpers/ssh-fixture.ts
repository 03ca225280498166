/**
 * A client key, N real sshd on loopback addresses that accept it, a known_hosts file listing them, and an
 * inventory whose hosts point at them. `await fixture.stop()` in afterAll.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostEntry, Inventory } from '../../src/inventory/types';
import { makeHost, makeInventory } from './inventory';
import type { SshdHandle, StartSshdOptions } from './sshd';
import { createKeyPair, makeTempDir, publicKeyLine, startSshd } from './sshd';

export interface SshFixture {
  dir: string;
  keyPath: string;
  knownHostsPath: string;
  sshds: SshdHandle[];
  /** A root host entry for the i-th sshd, authenticating with the fixture's key. */
  host(index: number, overrides?: Partial<HostEntry>): HostEntry;
  /** An inventory of the given hosts (default: one per sshd), strict host key checking against known_hosts. */
  inventory(hosts?: HostEntry[], ssh?: Partial<Inventory['ssh']>): Inventory;
  stop(): Promise<void>;
}

export interface SshFixtureOptions {
  addresses: string[];
  extraConfig?: StartSshdOptions['extraConfig'];
}

export async function startSshFixture(options: SshFixtureOptions): Promise<SshFixture> {
  const dir = makeTempDir('runbook-sshfix-');
  const keyPath = createKeyPair(dir);
  const authorizedKeys = [publicKeyLine(keyPath)];
  const sshds = await Promise.all(
    options.addresses.map((address) =>
      startSshd({ address, authorizedKeys, ...(options.extraConfig ? { extraConfig: options.extraConfig } : {}) })
    )
  );
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, sshds.map((s) => s.knownHostsLine).join('\n') + '\n');
  const host = (index: number, overrides: Partial<HostEntry> = {}): HostEntry => {
    const sshd = sshds[index];
    if (!sshd) throw new Error(`no sshd #${index}`);
    return makeHost(`host-${index}`, undefined, {
      address: sshd.address,
      port: sshd.port,
      auth: { keyFile: keyPath },
      ...overrides,
    });
  };
  const inventory = (hosts = sshds.map((_, i) => host(i)), ssh: Partial<Inventory['ssh']> = {}): Inventory =>
    makeInventory({
      hosts: Object.fromEntries(hosts.map((h) => [h.name, h])),
      ssh: { user: 'root', hostKeyChecking: 'strict', connectTimeoutMs: 10_000, knownHosts: knownHostsPath, ...ssh },
    });
  const stop = async (): Promise<void> => {
    await Promise.all(sshds.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, keyPath, knownHostsPath, sshds, host, inventory, stop };
}
