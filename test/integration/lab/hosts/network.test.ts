import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedHosts } from '../../../../src/lab/hosts';
import { makeLabInventory, runOpenSsh, startLab, type LabFixture } from './harness';

interface AddrInfo {
  family: string;
  local: string;
  prefixlen: number;
}
interface Link {
  ifname: string;
  addr_info: AddrInfo[];
}

/** The rtt average a `ping -q` summary reports. */
function averageRtt(output: string): number {
  const match = /^rtt min\/avg\/max\/mdev = [\d.]+\/([\d.]+)\/[\d.]+\/[\d.]+ ms$/m.exec(output);
  if (!match?.[1]) throw new Error(`no rtt line in:\n${output}`);
  return Number(match[1]);
}

function networkOf(info: AddrInfo): string {
  const value = info.local.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - info.prefixlen);
  return `${Math.floor(value / size) * size}/${info.prefixlen}`;
}

async function managementAddress(lab: LabFixture, host: string): Promise<AddrInfo> {
  const result = await runOpenSsh(lab.hosts, host, 'ip -j -4 addr');
  const links = JSON.parse(result.stdout) as Link[];
  const info = links.find((link) => link.ifname !== 'lo')?.addr_info[0];
  if (!info) throw new Error(`no management address in ${result.stdout}`);
  return info;
}

describe('the lab network as simulated hosts report it', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLab({ latencyMs: 40 });
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it.each([
    ['kvm-a1', 'kvm-a2', 0, 1],
    ['kvm-b1', 'kvm-b2', 0, 1],
    ['kvm-a1', 'kvm-b1', 38, 42],
    ['kvm-b2', 'kvm-a2', 38, 42],
    ['kvm-a2', '127.10.2.21', 38, 42],
  ])('ping from %s to %s averages between %i and %i ms', async (from, to, low, high) => {
    const result = await runOpenSsh(lab.hosts, from, `ping -c 3 -q ${to}`);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^3 packets transmitted, 3 received, 0% packet loss, time \d+ms$/m);
    expect(averageRtt(result.stdout)).toBeGreaterThanOrEqual(low);
    expect(averageRtt(result.stdout)).toBeLessThanOrEqual(high);
  });

  it('prints one iputils line per packet without -q', async () => {
    const result = await runOpenSsh(lab.hosts, 'kvm-a1', 'ping -c 2 kvm-b2');
    expect(result.stdout).toMatch(
      /^PING kvm-b2 \(127\.10\.2\.22\) 56\(84\) bytes of data\.\n64 bytes from kvm-b2\.lab\.test \(127\.10\.2\.22\): icmp_seq=1 ttl=64 time=[\d.]+ ms\n64 bytes from .*icmp_seq=2 /
    );
  });

  it('puts both sites in one subnet by default, so an L2 check passes', async () => {
    const a1 = await managementAddress(lab, 'kvm-a1');
    const b2 = await managementAddress(lab, 'kvm-b2');
    expect(a1.local).toBe('127.10.1.11');
    expect(b2.local).toBe('127.10.2.22');
    expect(networkOf(a1)).toBe(networkOf(b2));
  });

  it('lists lo and eth0 in iproute2 JSON before the engine deploys the host', async () => {
    const result = await runOpenSsh(lab.hosts, 'kvm-b1', 'ip -j addr');
    const links = JSON.parse(result.stdout) as Link[];
    expect(links.map((link) => link.ifname)).toEqual(['lo', 'eth0']);
    expect(links[0]?.addr_info.map((info) => `${info.local}/${info.prefixlen}`)).toEqual(['127.0.0.1/8', '::1/128']);
  });

  it('moves the address to the ovirtmgmt bridge once the engine deployed the host', async () => {
    lab.hosts.completeHostDeploy('kvm-b1');
    const result = await runOpenSsh(lab.hosts, 'kvm-b1', 'ip -j -4 addr show; rpm -q vdsm; systemctl is-active vdsmd');
    const [json = '', ...rest] = result.stdout.split('\n');
    const links = JSON.parse(json) as (Link & { master?: string })[];
    expect(links.map((link) => [link.ifname, link.addr_info.map((info) => info.local)])).toEqual([
      ['lo', ['127.0.0.1']],
      ['ovirtmgmt', ['127.10.2.21']],
    ]);
    expect(rest.join('\n')).toMatch(/^vdsm-\S+\nactive\n$/);
  });
});

describe('a lab configured with one subnet per site', () => {
  it.each([
    [{ primary: '127.10.1.0/24', secondary: '127.10.2.0/24' }, '127.10.1.11', '127.10.2.21'],
    [{ primary: '10.10.1.0/24', secondary: '10.10.2.0/24' }, '10.10.1.11', '10.10.2.21'],
  ])('shows a failing L2 layout with %j', async (subnets, primaryAddress, secondaryAddress) => {
    const lab = await startLab({ subnets });
    try {
      const a1 = await managementAddress(lab, 'kvm-a1');
      const b1 = await managementAddress(lab, 'kvm-b1');
      expect([a1.local, a1.prefixlen, b1.local, b1.prefixlen]).toEqual([primaryAddress, 24, secondaryAddress, 24]);
      expect(networkOf(a1)).not.toBe(networkOf(b1));
    } finally {
      await lab.cleanup();
    }
  });

  it('refuses a subnet that is not a CIDR', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'runbook-subnet-'));
    await expect(
      startSimulatedHosts({ inventory: makeLabInventory(), stateDir, port: 0, subnets: { secondary: '10.10.2/24' } })
    ).rejects.toThrow('lab subnet for site secondary is not an IPv4 CIDR: "10.10.2/24"');
    await rm(stateDir, { recursive: true });
  });
});

describe('the inter-site latency of a lab', () => {
  it('comes from the inventory when the caller does not set it', async () => {
    const inventory = makeLabInventory({ lab: { latencyMs: 120, speed: 60, seed: 1 } });
    const lab = await startLab({ inventory });
    try {
      const result = await runOpenSsh(lab.hosts, 'kvm-b2', 'ping -c 4 -q kvm-a1');
      expect(averageRtt(result.stdout)).toBeGreaterThan(100);
    } finally {
      await lab.cleanup();
    }
  });
});
