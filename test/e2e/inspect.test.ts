/** `runbook validate` and `runbook inventory show` through the CLI: relative paths start at its cwd, output is its own. */
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

describe('runbook validate and inventory show', () => {
  let dir: TestDir;
  beforeAll(() => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'runbooks/hello.yaml': 'name: hello\nsteps:\n  - id: say\n    hosts: site:primary\n    echo: { msg: hi }\n',
    });
  });
  afterAll(() => dir.cleanup());

  it('validates a runbook named relative to the working directory and prints one line for it', async () => {
    const result = await runCli(['validate', 'hello', '-i', 'inventory.yaml'], { cwd: dir.path });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(result.stdout).toMatch(/^ok {2}\S*runbooks\/hello\.yaml: runbook "hello", 1 step\n {6}say {2}echo\n$/);
  });

  it('knows the -e variables a run will get, so a runbook using one validates', async () => {
    const runbook = 'name: e\nsteps:\n  - id: say\n    echo: { msg: "{{ target }}" }\n';
    const dirWithVar = testdir({ 'e.yaml': runbook });
    try {
      const without = await runCli(['validate', 'e.yaml'], { cwd: dirWithVar.path });
      expect(without.code).toBe(ExitCode.INVALID_INPUT);
      expect(without.stderr).toContain('target');
      const given = await runCli(['validate', 'e.yaml', '-e', 'target=x'], { cwd: dirWithVar.path });
      expect(given).toMatchObject({ code: ExitCode.OK, stderr: '' });
    } finally {
      dirWithVar.cleanup();
    }
  });

  it('shows an inventory named relative to the working directory', async () => {
    const result = await runCli(['inventory', 'show', '-i', 'inventory.yaml'], { cwd: dir.path });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(result.stdout).toMatch(/^inventory e2e \(/);
    expect(result.stdout).toMatch(/\nkvm-a1 +primary/);
  });
});
