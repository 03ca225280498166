import {
  buildTopology,
  INTRA_SITE_RTT_MS,
  isSameSubnet,
  networkOf,
  SAME_HOST_RTT_MS,
} from '../../../../src/lab/hosts/topology';
import { makeHost, makeInventory } from '../../../helpers/inventory';

const inventory = makeInventory({
  hosts: {
    'kvm-a1': makeHost('kvm-a1', 'primary', { address: '127.10.1.11' }),
    'kvm-a2': makeHost('kvm-a2', 'primary', { address: '127.10.1.12' }),
    'kvm-b1': makeHost('kvm-b1', 'secondary', { address: '127.10.2.21' }),
    engine: makeHost('engine', undefined, { address: '127.10.1.5' }),
  },
});

describe('the lab topology', () => {
  const topology = buildTopology(inventory, 35, {});

  it.each([
    ['kvm-a1', 'kvm-a1', SAME_HOST_RTT_MS],
    ['kvm-a1', 'kvm-a2', INTRA_SITE_RTT_MS],
    ['kvm-a1', 'kvm-b1', 35],
    ['kvm-b1', 'kvm-a2', 35],
    ['engine', 'kvm-b1', INTRA_SITE_RTT_MS],
  ])('gives %s -> %s a round trip of %d ms', (from, to, expected) => {
    expect(topology.roundTripMs(from, to)).toBe(expected);
  });

  it('chooses by default the longest prefix that holds every host (one L2 segment)', () => {
    const a1 = topology.managementAddress('kvm-a1');
    const b1 = topology.managementAddress('kvm-b1');
    expect([a1, b1]).toEqual([
      { address: '127.10.1.11', prefixLength: 22, broadcast: '127.10.3.255' },
      { address: '127.10.2.21', prefixLength: 22, broadcast: '127.10.3.255' },
    ]);
    expect(isSameSubnet(a1, b1)).toBe(true);
    expect(networkOf(a1)).toBe('127.10.0.0');
  });

  it('maps a host into a configured site subnet, keeping its host bits', () => {
    const split = buildTopology(inventory, 35, { primary: '10.10.1.0/24', secondary: '10.20.0.0/16' });
    expect(split.managementAddress('kvm-a2')).toEqual({
      address: '10.10.1.12',
      prefixLength: 24,
      broadcast: '10.10.1.255',
    });
    expect(split.managementAddress('kvm-b1')).toEqual({
      address: '10.20.2.21',
      prefixLength: 16,
      broadcast: '10.20.255.255',
    });
    expect(isSameSubnet(split.managementAddress('kvm-a1'), split.managementAddress('kvm-b1'))).toBe(false);
  });
});
