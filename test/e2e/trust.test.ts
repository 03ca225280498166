/**
 * `runbook trust` against the lab's HTTPS engine: the engine's CA fetched once, its fingerprint shown and recorded
 * (engine.ca_file and .runbook/known_engines), runs verified against it; then the engine's CA changes (a new lab
 * PKI): runs fail TLS verification, trust refuses naming the old and the new fingerprints, a CA file swapped in
 * silently is refused before any request, and only `--replace` records the new CA.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAB_FREE_PORTS_ENV } from '../../src/cli/lab-attach';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

jest.setTimeout(120_000);

const FACTS = `name: Read the engine
steps:
  - id: facts
    olvm.facts: {}
`;

function inventoryWithCaFile(): string {
  const lab = readFileSync(resolve('inventories/lab.yaml'), 'utf8');
  return lab.replace('  username: admin@internal\n', '  username: admin@internal\n  ca_file: engine-ca.pem\n');
}

const fingerprintOf = (file: string) => `SHA256:${new X509Certificate(readFileSync(file)).fingerprint256}`;

describe('runbook trust on the lab engine', () => {
  let dir: TestDir;
  const labCa = () => join(dir.path, '.runbook', 'lab', 'tls', 'ca.pem');
  const cli = (...args: string[]) => runCli(args, { cwd: dir.path, env: { [LAB_FREE_PORTS_ENV]: '1' } });
  const trust = (...args: string[]) => cli('trust', '-i', dir.file('inventory.yaml'), ...args);
  const readEngine = () => cli('exec', dir.file('facts.yaml'), '-i', dir.file('inventory.yaml'));
  let first: string;

  beforeAll(() => {
    dir = testdir({ 'inventory.yaml': inventoryWithCaFile(), 'facts.yaml': FACTS });
  });
  afterAll(() => dir.cleanup());

  it('asks before trusting, and without a terminal or --yes records nothing', async () => {
    const result = await trust();
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toContain('cannot ask "Trust this CA for https://127.0.0.1:18180?"');
    expect(() => readFileSync(dir.file('.runbook/known_engines'))).toThrow();
  });

  it("shows the engine's CA fingerprint, writes engine.ca_file and records it", async () => {
    const result = await trust('--yes');
    expect(result.code).toBe(ExitCode.OK);
    first = fingerprintOf(labCa());
    expect(result.stdout).toContain(
      'engine https://127.0.0.1:18180 serves this CA:\n  subject  C=US, O=lab.test, CN=engine.lab.test.'
    );
    expect(result.stdout).toContain(`  ${first.replace(':', '  ')}\n`);
    expect(result.stdout).toContain('trusted: engine-ca.pem (engine.ca_file), recorded in .runbook/known_engines');
    expect(fingerprintOf(dir.file('engine-ca.pem'))).toBe(first);
    expect(readFileSync(dir.file('.runbook/known_engines'), 'utf8')).toMatch(
      new RegExp(`\\nhttps://127\\.0\\.0\\.1:18180 ${first}\\n$`)
    );
    expect((await trust('--yes')).stdout).toContain('already trusted');
  });

  it('verifies the engine against the recorded CA', async () => {
    const result = await readEngine();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
  });

  describe('once the engine serves another CA', () => {
    let second: string;
    beforeAll(() => {
      // The next lab start makes a new PKI, as a reinstalled engine (or a man in the middle) would present.
      rmSync(join(dir.path, '.runbook', 'lab', 'tls'), { recursive: true, force: true });
    });

    it('fails TLS verification of the engine, pointing at runbook trust', async () => {
      const result = await readEngine();
      // An engine that fails TLS verification is one the run could not safely reach: exit 5, as a changed host key.
      expect(result.code).toBe(ExitCode.CONNECTION);
      expect(result.stdout).toMatch(/TLS verification of the engine failed/);
      expect(result.stdout + result.stderr).toContain('runbook trust');
    });

    it('is refused by runbook trust, naming the recorded and the served fingerprints', async () => {
      const result = await trust('--yes');
      second = fingerprintOf(labCa());
      expect(second).not.toBe(first);
      expect(result.code).toBe(ExitCode.CONNECTION);
      expect(result.stderr).toContain(
        `error: the CA served for the engine https://127.0.0.1:18180 is not the one recorded in .runbook/known_engines: recorded ${first}, now ${second}`
      );
      expect(result.stderr).toContain('runbook trust --replace');
      expect(fingerprintOf(dir.file('engine-ca.pem'))).toBe(first);
    });

    it('refuses a CA file swapped in behind its back, before any request, naming both fingerprints', async () => {
      writeFileSync(dir.file('engine-ca.pem'), readFileSync(labCa()));
      const result = await readEngine();
      expect(result.code).toBe(ExitCode.CONNECTION);
      expect(result.stderr).toContain(
        `error: the CA in ${dir.file('engine-ca.pem')} for the engine https://127.0.0.1:18180 is not the one recorded in ${dir.file('.runbook/known_engines')}: recorded ${first}, now ${second}`
      );
      expect(result.stdout).not.toContain('== facts');
    });

    it('records the new CA with --replace, and runs pass again', async () => {
      const result = await trust('--replace', '--yes');
      expect(result.code).toBe(ExitCode.OK);
      expect(readFileSync(dir.file('.runbook/known_engines'), 'utf8')).toContain(`https://127.0.0.1:18180 ${second}\n`);
      expect((await readEngine()).code).toBe(ExitCode.OK);
    });
  });
});

describe('an install whose engine CA is not recorded yet (the production order of docs/production.md)', () => {
  let dir: TestDir;
  const cli = (...args: string[]) => runCli(args, { cwd: dir.path, env: { [LAB_FREE_PORTS_ENV]: '1' } });
  const install = (...args: string[]) =>
    cli('exec', resolve('runbooks/install-standalone.yaml'), '-i', dir.file('inventory.yaml'), ...args);
  beforeAll(() => {
    dir = testdir({ 'inventory.yaml': inventoryWithCaFile() });
  });
  afterAll(() => dir.cleanup());

  it('stops at the first step that needs the engine, saying to run runbook trust', async () => {
    const result = await install();
    expect(result.code).toBe(ExitCode.STEP_FAILED);
    expect(result.stdout).toContain('[engine-setup] engine: changed');
    expect(result.stdout).toContain(`[engine-api] (once): failed`);
    expect(result.stdout).toContain(
      `cannot read the engine CA file ${dir.file('engine-ca.pem')} (ENOENT): record the engine's CA with \`runbook trust -i INVENTORY\``
    );
  });

  it('goes on from there once the CA is trusted, with the engine key path, to a verified cluster', async () => {
    expect((await cli('trust', '-i', dir.file('inventory.yaml'), '--yes')).code).toBe(ExitCode.OK);
    const result = await install('--resume');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('[authorize-engine] kvm-b3: changed');
    expect(result.stdout).toContain('[verify/at-rest] (once): ok');
  });
});
