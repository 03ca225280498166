/**
 * Exit codes as docs/errors.md says: a run that fails because the engine cannot be reached, or refuses the
 * login, exits 5 (CONNECTION), not 1; a step that fails for another reason still exits 1.
 */
import { DEFAULT_LAB_PASSWORD, startLabEngine } from '../../src/lab';
import type { LabEngine } from '../../src/lab';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { makeInventory } from '../helpers/inventory';

// Reaching no engine takes the client's retries with backoff (src/olvm/backoff.ts), about 10 s, 13.5 s under load
// (2 workers and 2 CPU hogs on 2 cores): too close to the 30 s default on a machine loaded more.
jest.setTimeout(90_000);

const RUNBOOK = `name: exit codes
steps:
  - id: facts
    olvm.facts: {}
`;
const FAILING = `name: a step that fails
steps:
  - id: facts
    olvm.facts: {}
  - id: broken
    local.command: { shell: "exit 9" }
`;

function inventoryYaml(url: string): string {
  return `name: exit-codes
engine: { kind: standalone, url: "${url}", username: admin@internal, password: "env:RB_EXIT_PASSWORD", ha: external }
cluster: { name: stretch, data_center: dc1 }
storage: { replication: synchronous }
sites:
  primary: { storage_domains: [data-a], hosts: { kvm-a1: { address: 127.0.0.1 } } }
  secondary: { storage_domains: [data-b], hosts: { kvm-b1: { address: 127.0.0.1 } } }
`;
}

describe('exit codes of runs that cannot reach the engine', () => {
  let lab: LabEngine;
  let dir: TestDir;
  beforeAll(async () => {
    lab = await startLabEngine({ inventory: makeInventory(), https: false, port: 0, preinstalled: true, speed: 0 });
    dir = testdir({
      'runbook.yaml': RUNBOOK,
      'failing.yaml': FAILING,
      'lab.yaml': inventoryYaml(lab.url),
      // Port 1 on loopback: nothing listens, the connection is refused.
      'unreachable.yaml': inventoryYaml('http://127.0.0.1:1/ovirt-engine/api'),
    });
  });
  afterAll(async () => {
    dir.cleanup();
    await lab.close();
  });

  // Secrets are read from the process environment (src/inventory/secrets.ts).
  async function exec(file: string, inventory: string, password: string) {
    process.env['RB_EXIT_PASSWORD'] = password;
    try {
      return await runCli(['exec', file, '-i', inventory], { cwd: dir.path });
    } finally {
      delete process.env['RB_EXIT_PASSWORD'];
    }
  }

  it.each([
    ['the engine is unreachable', 'unreachable.yaml', DEFAULT_LAB_PASSWORD, /OLVM_CONNECTION|refused|ECONNREFUSED/i],
    [
      'the engine refuses the password',
      'lab.yaml',
      'not-the-password',
      /refused login of admin@internal|access_denied/,
    ],
  ])('exits 5 when %s', async (_what, inventory, password, message) => {
    const result = await exec('runbook.yaml', inventory, password);
    expect(result.code).toBe(ExitCode.CONNECTION);
    expect(result.stdout + result.stderr).toMatch(message);
    expect(result.stdout + result.stderr).not.toContain('not-the-password');
  });

  it('exits 0 with the right password, and 1 when a step fails for another reason', async () => {
    expect((await exec('runbook.yaml', 'lab.yaml', DEFAULT_LAB_PASSWORD)).code).toBe(ExitCode.OK);
    expect((await exec('failing.yaml', 'lab.yaml', DEFAULT_LAB_PASSWORD)).code).toBe(ExitCode.STEP_FAILED);
  });
});
