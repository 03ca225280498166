import { managementAddress, parseIpAddr, parsePing, subnetOf } from '../../../../src/modules/check/probe';

const PING_OK = `PING 10.0.2.21 (10.0.2.21) 56(84) bytes of data.

--- 10.0.2.21 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 2003ms
rtt min/avg/max/mdev = 11.612/12.410/13.015/0.581 ms
`;

const PING_LOST = `PING 10.0.2.21 (10.0.2.21) 56(84) bytes of data.

--- 10.0.2.21 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 2051ms
`;

const IP_ADDR = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
  { ifname: 'eth0', addr_info: [] },
  {
    ifname: 'ovirtmgmt',
    addr_info: [
      { family: 'inet', local: '10.0.1.11', prefixlen: 24, broadcast: '10.0.1.255', scope: 'global' },
      { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
    ],
  },
  { ifname: 'eth1', addr_info: [{ family: 'inet', local: '192.168.9.4', prefixlen: 16, scope: 'global' }] },
]);

describe('reading probe output', () => {
  it('reads the average and worst round trip of ping -q', () => {
    expect(parsePing('a', 'b', PING_OK)).toEqual({ from: 'a', to: 'b', avgMs: 12.41, maxMs: 13.015, loss: '0%' });
  });

  it('reads a ping that got no reply as no round trip, with the loss', () => {
    expect(parsePing('a', 'b', PING_LOST)).toEqual({ from: 'a', to: 'b', loss: '100%' });
  });

  it('lists the global IPv4 addresses of ip -j addr', () => {
    expect(parseIpAddr(IP_ADDR)).toEqual([
      { ifname: 'ovirtmgmt', address: '10.0.1.11', prefixLength: 24, broadcast: '10.0.1.255' },
      { ifname: 'eth1', address: '192.168.9.4', prefixLength: 16 },
    ]);
  });

  it.each([
    ['the inventory address', '192.168.9.4', 'eth1'],
    ['the ovirtmgmt bridge when the inventory names another address', '10.9.9.9', 'ovirtmgmt'],
  ])('picks %s as the management address', (_what, inventoryAddress, ifname) => {
    expect(managementAddress(parseIpAddr(IP_ADDR), inventoryAddress)?.ifname).toBe(ifname);
  });

  it.each([
    ['10.0.1.11', 24, '10.0.1.0/24'],
    ['127.10.2.21', 22, '127.10.0.0/22'],
    ['192.168.9.4', 16, '192.168.0.0/16'],
    ['10.1.2.3', 0, '0.0.0.0/0'],
  ])('puts %s/%i on subnet %s', (address, prefixLength, subnet) => {
    expect(subnetOf({ ifname: 'x', address, prefixLength })).toBe(subnet);
  });

  it('refuses output that is not the JSON of ip -j', () => {
    expect(() => parseIpAddr('1: lo: <LOOPBACK,UP>')).toThrow(SyntaxError);
  });
});
