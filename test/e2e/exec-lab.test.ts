/**
 * `runbook exec` on a lab inventory finds its lab: the one running in this state directory (through its
 * runtime.json), else one it starts in-process for the run; and it refuses a lab that belongs to another
 * inventory instead of driving the wrong world.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { loadInventory } from '../../src/inventory/load';
import { runtimeFilePath } from '../../src/lab/runtime-file';
import { serveLab } from '../../src/lab/serve';
import type { ServedLab } from '../../src/lab/serve';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(60_000);

const LAB = resolve('inventories/lab.yaml');
const SELF_HOSTED = resolve('inventories/lab-self-hosted.yaml');
const PREFLIGHT = resolve('runbooks/preflight.yaml');

describe('runbook exec on a lab inventory', () => {
  let dir: TestDir;
  const stateDir = () => join(dir.path, '.runbook', 'lab');
  const exec = (...args: string[]) =>
    runCli(['exec', PREFLIGHT, ...args], { cwd: dir.path, env: { [LAB_FREE_PORTS_ENV]: '1' } });
  beforeEach(() => {
    dir = testdir({});
  });
  afterEach(() => dir.cleanup());

  it('starts the lab in-process when none runs, creates its state, and stops it at the end of the run', async () => {
    const result = await exec('-i', LAB);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/^lab: started in this process for the run \(engine https:\/\/127\.0\.0\.1:\d+\//);
    for (const file of ['id_ed25519', 'known_hosts', 'admin-password', 'world.json', 'tls/ca.pem']) {
      expect(existsSync(join(stateDir(), file))).toBe(true);
    }
    expect(existsSync(runtimeFilePath(stateDir()))).toBe(false);
  });

  describe('with a lab already running', () => {
    let served: ServedLab;
    beforeEach(async () => {
      const inventory = await loadInventory(LAB, { stateDir: stateDir() });
      served = await serveLab({ inventory, stateDir: stateDir(), inventoryPath: LAB, isOnFreePorts: true });
    });
    afterEach(() => served.close());

    it('uses it, reaching its engine and hosts on the ports it listens on', async () => {
      served.lab.engine.writes.reset();
      const result = await exec('-i', LAB);
      expect(result.code).toBe(ExitCode.OK);
      expect(result.stdout).toContain(
        `lab: using the running lab (pid ${process.pid}, engine ${served.lab.engine.url})`
      );
      expect(result.stdout).toContain('[latency] (once): ok');
      expect(served.lab.engine.writes.count()).toBe(0);
    });

    it('refuses it for another inventory', async () => {
      const result = await exec('-i', SELF_HOSTED);
      expect(result.code).toBe(ExitCode.REFUSED);
      expect(result.stderr).toContain(`the running lab (pid ${process.pid}) serves ${LAB}, not ${SELF_HOSTED}`);
    });
  });

  it('refuses a saved lab whose engine kind is not the inventory’s', async () => {
    expect((await exec('-i', LAB)).code).toBe(ExitCode.OK);
    const result = await exec('-i', SELF_HOSTED);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toContain('has a standalone engine');
    expect(result.stderr).toContain('runbook lab reset');
  });
});
