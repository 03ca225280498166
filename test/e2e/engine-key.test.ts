/**
 * A host whose root authorized_keys does not hold the engine's key cannot be added with that key: the run fails
 * with the engine's own refusal (AddVdsCommand.canConnect: VDS_CANNOT_AUTHENTICATE_TO_SERVER), names the host and
 * step, and leaves the host out of the engine. Once the key is authorized (the same two steps the install
 * runbooks run), the very same step adds it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/shared/errors';
import type { StretchLab } from '../helpers/stretch-e2e';
import { freshStretchLab } from '../helpers/stretch-e2e';

jest.setTimeout(120_000);

const ADD = `name: Add kvm-b3 with the engine's key
steps:
  - id: release
    hosts: kvm-b3
    ssh.package: { name: oracle-ovirt-release-el8 }
  - id: add
    hosts: kvm-b3
    olvm.host: { state: active, poll: 1s }
`;

const AUTHORIZE = `name: Authorize the engine's key on kvm-b3
steps:
  - id: engine-key
    olvm.pki_resource: {}
    register: engine_key
  - id: authorize
    hosts: kvm-b3
    ssh.authorized_key: { key: "{{ engine_key.content }}" }
`;

describe("adding a host with the engine's key", () => {
  let lab: StretchLab;
  beforeAll(() => {
    lab = freshStretchLab('lab.yaml');
    writeFileSync(join(lab.cwd, 'add.yaml'), ADD);
    writeFileSync(join(lab.cwd, 'authorize.yaml'), AUTHORIZE);
  });
  afterAll(() => lab.cleanup());

  it("fails with the engine's message while the key is not in the host's authorized_keys", async () => {
    const result = await lab.cli('exec', join(lab.cwd, 'add.yaml'), '-i', lab.inventoryPath);
    expect(result.code).toBe(ExitCode.STEP_FAILED);
    expect(result.stdout).toContain(
      '[add] kvm-b3: failed (' // the task line, then the engine's refusal
    );
    expect(result.stdout).toContain(
      'engine refused add of host kvm-b3: [Cannot add Host. SSH authentication failed, verify authentication ' +
        'parameters are correct (Username/Password, public-key etc.) You may refer to the engine.log file for ' +
        'further details.] (409)'
    );
    expect((await lab.world()).hosts.map((host) => host.name)).toEqual([]);
  });

  it('adds it once the key from the engine is authorized, and authorizing again changes nothing', async () => {
    const authorize = await lab.cli('exec', join(lab.cwd, 'authorize.yaml'), '-i', lab.inventoryPath);
    expect(authorize.code).toBe(ExitCode.OK);
    expect(authorize.stdout).toContain('[authorize] kvm-b3: changed');
    const result = await lab.cli('exec', join(lab.cwd, 'add.yaml'), '-i', lab.inventoryPath);
    expect(result.code).toBe(ExitCode.OK);
    expect((await lab.world()).hosts.map((host) => [host.name, host.status])).toEqual([['kvm-b3', 'up']]);
    const again = await lab.cli('exec', join(lab.cwd, 'authorize.yaml'), '-i', lab.inventoryPath);
    expect(again.stdout).toContain('[authorize] kvm-b3: ok');
  });
});
