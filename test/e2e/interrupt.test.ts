import { existsSync } from 'node:fs';
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

const RUNBOOK = `name: long
vars: { dir: set-by-the-test }
steps:
  - id: long
    local.command: { shell: "touch {{ dir }}/started; exec sleep 30" }
  - id: never
    local.command: { cmd: [touch, "{{ dir }}/never"] }
`;

describe('interrupting runbook exec', () => {
  let dir: TestDir;
  afterEach(() => dir.cleanup());

  it('stops the running command on SIGINT, starts nothing new, and exits 130', async () => {
    dir = testdir({ 'inventory.yaml': TINY_INVENTORY, 'runbook.yaml': RUNBOOK });
    const listenersBefore = process.listenerCount('SIGINT');
    const running = runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `dir=${dir.path}`], {
      cwd: dir.path,
    });
    while (!existsSync(dir.file('started'))) await new Promise((resolve) => setTimeout(resolve, 20));
    process.emit('SIGINT', 'SIGINT');
    const result = await running;
    expect(result.code).toBe(ExitCode.INTERRUPTED);
    expect(result.stderr).toContain('SIGINT: stopping; running tasks are told to stop');
    expect(result.stdout).toMatch(/Run \S+ interrupted after/);
    expect(result.stdout).toContain('[long] (once): step "long": interrupted');
    expect(existsSync(dir.file('never'))).toBe(false);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
  });
});
