import { affinityGroupBody, hostPatchBody, hostSpecBody, vmPatchBody } from '../../../src/olvm/bodies';
import { OlvmUsageError } from '../../../src/olvm/errors';
import { clearSecrets, redactText } from '../../../src/shared/redact';

afterEach(() => clearSecrets());

describe('request bodies', () => {
  it('sends only the host fields that change, in the string form', () => {
    expect(hostPatchBody({ spmPriority: 8 })).toEqual({ spm: { priority: '8' } });
    expect(hostPatchBody({ powerManagement: { isEnabled: true } })).toEqual({ power_management: { enabled: 'true' } });
  });

  it('adds a host by cluster name with its root password registered as a secret', () => {
    const body = hostSpecBody({
      name: 'kvm-b1',
      address: '10.10.1.21',
      cluster: { name: 'stretch' },
      rootPassword: 'r00t-pass',
      spmPriority: 2,
    });
    expect(body).toEqual({
      name: 'kvm-b1',
      address: '10.10.1.21',
      cluster: { name: 'stretch' },
      root_password: 'r00t-pass',
      spm: { priority: '2' },
    });
    expect(redactText('password r00t-pass')).toBe('password ***');
  });

  it('adds a host with public-key authentication on a custom port', () => {
    expect(
      hostSpecBody({ name: 'h', address: 'a', cluster: { id: 'c1' }, sshAuthentication: 'publickey', sshPort: 2222 })
    ).toEqual({
      name: 'h',
      address: 'a',
      cluster: { id: 'c1' },
      ssh: { authentication_method: 'publickey', port: '2222' },
    });
  });

  it.each([
    ['an SPM priority above 10', () => hostPatchBody({ spmPriority: 11 })],
    ['an SPM priority below -1', () => hostPatchBody({ spmPriority: -2 })],
    ['a fractional SPM priority', () => hostPatchBody({ spmPriority: 2.5 })],
    ['an HA priority above 100', () => vmPatchBody({ highAvailability: { priority: 101 } })],
  ])('refuses %s before any request', (_label, build) => {
    expect(build).toThrow(OlvmUsageError);
  });

  it('enables HA with a lease on a storage domain', () => {
    expect(vmPatchBody({ highAvailability: { isEnabled: true, priority: 100 }, lease: { id: 'sd1' } })).toEqual({
      high_availability: { enabled: 'true', priority: '100' },
      lease: { storage_domain: { id: 'sd1' } },
    });
  });

  it('removes a lease with an empty lease object', () => {
    expect(vmPatchBody({ lease: null })).toEqual({ lease: {} });
  });

  it('pins a VM to hosts by name', () => {
    expect(
      vmPatchBody({ placementPolicy: { affinity: 'pinned', hosts: [{ name: 'siteA-h1' }, { name: 'siteA-h2' }] } })
    ).toEqual({
      placement_policy: { affinity: 'pinned', hosts: { host: [{ name: 'siteA-h1' }, { name: 'siteA-h2' }] } },
    });
  });

  it('builds a soft positive VM-to-host affinity group with the VM rule off', () => {
    expect(
      affinityGroupBody({
        name: 'appA-prefers-siteA',
        priority: 1,
        hostsRule: { isEnabled: true, isPositive: true, isEnforcing: false },
        vmsRule: { isEnabled: false },
        hosts: [{ id: 'ab12' }],
        vms: [{ id: 'v1' }],
      })
    ).toEqual({
      name: 'appA-prefers-siteA',
      priority: 1,
      vms_rule: { enabled: 'false' },
      hosts_rule: { enabled: 'true', positive: 'true', enforcing: 'false' },
      vms: { vm: [{ id: 'v1' }] },
      hosts: { host: [{ id: 'ab12' }] },
    });
  });
});
