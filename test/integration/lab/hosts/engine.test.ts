import type { HostedEngineHostStatus, SimulatedHostEvent } from '../../../../src/lab/hosts';
import { runOpenSsh, startLab, type LabFixture } from './harness';

const ANSWERS =
  '[environment:default]\nOVESETUP_CONFIG/adminPassword=str:Secret-42\nOVESETUP_CONFIG/fqdn=str:engine.lab.test\nOVESETUP_CORE/engineStop=none:None\n';
const HE_ANSWERS =
  '[environment:default]\nOVEHOSTED_ENGINE/adminPassword=str:Secret-42\nOVEHOSTED_NETWORK/fqdn=str:engine.lab.test\n';

describe('engine-setup on the simulated engine machine', () => {
  let lab: LabFixture;
  const setups: [string, Record<string, string>][] = [];
  const events: SimulatedHostEvent[] = [];
  beforeAll(async () => {
    lab = await startLab({
      onEvent: (event) => events.push(event),
      hooks: {
        onEngineSetup: (host, answers) => setups.push([host, answers]),
        engineCaCertificate: () => '-----BEGIN CERTIFICATE-----\nLAB\n-----END CERTIFICATE-----\n',
      },
    });
  });
  afterAll(async () => {
    await lab.cleanup();
  });
  const onEngine = (command: string, stdin?: string) =>
    runOpenSsh(lab.hosts, 'engine', command, stdin === undefined ? {} : { stdin });

  it('refuses to run before ovirt-engine is installed', async () => {
    await onEngine('dnf install -y -q oracle-ovirt-release-el8 ovirt-engine-setup');
    const result = await onEngine('engine-setup --accept-defaults');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "[ ERROR ] Failed to execute stage 'Environment setup': package ovirt-engine is not installed"
    );
  });

  it('refuses an answer file that does not exist', async () => {
    await onEngine('dnf install -y -q ovirt-engine');
    const result = await onEngine('engine-setup --accept-defaults --config-append=/root/missing.conf');
    expect(result.stderr).toContain(
      "Failed to execute stage 'Initializing': Configuration file '/root/missing.conf' not found"
    );
    expect(result.exitCode).toBe(1);
  });

  it('asks for the admin password when the answer file leaves it out, and fails at end of input', async () => {
    const result = await onEngine(
      'echo "[environment:default]" > /root/empty.conf && engine-setup --accept-defaults --config-append=/root/empty.conf'
    );
    expect(result.stdout).toContain('Engine admin password: ');
    expect(result.stderr).toContain("Failed to execute stage 'Environment customization': End of file");
  });

  it('completes with an answer file: configuration written, engine running, world told', async () => {
    const result = await onEngine(
      "cat > /root/engine-answers.conf && sudo -S -p '' -- sh -c 'engine-setup --accept-defaults --config-append=/root/engine-answers.conf'",
      ANSWERS
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/\[ INFO {2}\] Execution of setup completed successfully\n$/);
    const after = await onEngine(
      'test -e /etc/ovirt-engine/engine.conf.d/10-setup-database.conf && systemctl is-active ovirt-engine postgresql && systemctl is-enabled ovirt-engine && cat /etc/pki/ovirt-engine/ca.pem'
    );
    expect(after.stdout).toBe('active\nactive\nenabled\n-----BEGIN CERTIFICATE-----\nLAB\n-----END CERTIFICATE-----\n');
    expect(setups).toEqual([
      [
        'engine',
        {
          'OVESETUP_CONFIG/adminPassword': 'Secret-42',
          'OVESETUP_CONFIG/fqdn': 'engine.lab.test',
          'OVESETUP_CORE/engineStop': 'None',
        },
      ],
    ]);
    expect(events).toContainEqual({ kind: 'engine-setup', host: 'engine' });
    expect(lab.hosts.hostState('engine').engineSetupAt).toEqual(expect.any(String));
  });

  it('rejects an answer file line that is not KEY=type:value', async () => {
    const result = await onEngine(
      "printf '[environment:default]\\nOVESETUP_CONFIG/fqdn=engine\\n' > /root/bad.conf && engine-setup --accept-defaults --config-append=/root/bad.conf"
    );
    expect(result.stderr).toContain(
      '/root/bad.conf: line 2: expected KEY=type:value, got "OVESETUP_CONFIG/fqdn=engine"'
    );
  });
});

describe('hosted-engine on simulated hosts', () => {
  let lab: LabFixture;
  const deployed: string[] = [];
  beforeAll(async () => {
    const onHostedEngineDeployed = (host: string) => {
      if (deployed.length > 0) return `a hosted engine already runs in this environment (on ${deployed.join(', ')})`;
      deployed.push(host);
      return undefined;
    };
    lab = await startLab({ hooks: { onHostedEngineDeployed } });
    for (const host of ['kvm-a1', 'kvm-a2']) {
      await runOpenSsh(
        lab.hosts,
        host,
        'dnf install -y -q oracle-ovirt-release-el8 ovirt-hosted-engine-setup ovirt-engine-appliance && cat > /root/he-answers.conf',
        { stdin: HE_ANSWERS }
      );
    }
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it('says there is nothing to report before deployment', async () => {
    const result = await runOpenSsh(lab.hosts, 'kvm-a1', 'hosted-engine --vm-status');
    expect(result).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining('The hosted engine configuration has not been retrieved from shared storage'),
    });
  });

  it('deploys on a hosted-engine host, starts the HA services and tells the world', async () => {
    const result = await runOpenSsh(
      lab.hosts,
      'kvm-a1',
      'hosted-engine --deploy --config-append=/root/he-answers.conf'
    );
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: expect.stringContaining('Hosted Engine successfully deployed'),
    });
    expect(
      (await runOpenSsh(lab.hosts, 'kvm-a1', 'systemctl is-active ovirt-ha-agent ovirt-ha-broker vdsmd')).stdout
    ).toBe('active\nactive\nactive\n');
    expect(deployed).toEqual(['kvm-a1']);
    const again = await runOpenSsh(lab.hosts, 'kvm-a1', 'hosted-engine --deploy --config-append=/root/he-answers.conf');
    expect(again).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining('Hosted Engine is already deployed on kvm-a1'),
    });
  });

  it('fails the deploy with the reason when the engine world refuses it, and configures nothing', async () => {
    const result = await runOpenSsh(
      lab.hosts,
      'kvm-a2',
      'hosted-engine --deploy --config-append=/root/he-answers.conf'
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[ ERROR ] a hosted engine already runs in this environment (on kvm-a1)');
    expect(
      (await runOpenSsh(lab.hosts, 'kvm-a2', 'test -e /etc/ovirt-hosted-engine/hosted-engine.conf')).exitCode
    ).toBe(1);
  });

  it('reports the engine VM on the deployed host', async () => {
    const text = await runOpenSsh(lab.hosts, 'kvm-a1', 'hosted-engine --vm-status');
    expect(text.stdout).toMatch(
      /--== Host kvm-a1 \(id: 1\) status ==--[\s\S]*Score +: 3400\nEngine status +: \{"vm": "up", "health": "good", "detail": "Up", "reason": ""\}/
    );
    const json = JSON.parse(
      (await runOpenSsh(lab.hosts, 'kvm-a1', 'hosted-engine --vm-status --json')).stdout
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      '1': { hostname: 'kvm-a1', score: 3400, 'engine-status': { vm: 'up' } },
      global_maintenance: false,
    });
  });

  it('reports what the engine world says once it is wired', async () => {
    const statuses: HostedEngineHostStatus[] = [
      { host: 'kvm-a1', hostId: 1, score: 0, isEngineUp: false, isLocalMaintenance: false },
      { host: 'kvm-b1', hostId: 2, score: 3400, isEngineUp: true, isLocalMaintenance: false },
    ];
    lab.hosts.setHooks({ hostedEngineStatus: () => statuses });
    const json = JSON.parse(
      (await runOpenSsh(lab.hosts, 'kvm-a1', 'hosted-engine --vm-status --json')).stdout
    ) as Record<string, { 'engine-status': { vm: string } }>;
    expect([json['1']?.['engine-status'].vm, json['2']?.['engine-status'].vm]).toEqual(['down_unexpected', 'up']);
  });
});

describe('what the engine world learns from the simulated hosts', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  it('calls a host ready for installation once it has the oVirt repository', async () => {
    expect(lab.hosts.isInstallReady('kvm-b1')).toEqual({
      isReady: false,
      reason: 'kvm-b1 has no oVirt repository: install oracle-ovirt-release-el8 on it first',
    });
    await runOpenSsh(lab.hosts, 'kvm-b1', 'dnf install -y -q oracle-ovirt-release-el8');
    expect(lab.hosts.isInstallReady('kvm-b1')).toEqual({ isReady: true });
  });

  it('powers a host off: SSH is refused, pings to it are lost, and it is not ready', async () => {
    await lab.hosts.setPower('kvm-b1', false);
    const ssh = await runOpenSsh(lab.hosts, 'kvm-b1', 'true');
    expect(ssh.exitCode).toBe(255);
    expect(ssh.stderr).toContain('Connection refused');
    const ping = await runOpenSsh(lab.hosts, 'kvm-a1', 'ping -c 3 -q kvm-b1');
    expect(ping).toMatchObject({
      exitCode: 1,
      stdout: expect.stringContaining('3 packets transmitted, 0 received, 100% packet loss'),
    });
    expect(lab.hosts.isInstallReady('kvm-b1')).toEqual({
      isReady: false,
      reason: 'kvm-b1 does not answer SSH (powered off)',
    });
  });

  it('powers it back on with its state intact', async () => {
    await lab.hosts.setPower('kvm-b1', true);
    expect((await runOpenSsh(lab.hosts, 'kvm-b1', 'rpm -q oracle-ovirt-release-el8')).exitCode).toBe(0);
  });

  it('names the known hosts when asked about an unknown one', () => {
    expect(() => lab.hosts.hostState('kvm-z9')).toThrow(
      'no simulated host kvm-z9 (known: kvm-a1, kvm-a2, kvm-b1, kvm-b2, engine)'
    );
  });
});
