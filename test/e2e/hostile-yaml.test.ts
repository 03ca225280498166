/**
 * Hostile YAML through the CLI: an alias bomb or a 100,000-deep document in a runbook, an inventory, a `-e @FILE`
 * or a `-e key=value` is refused at load time with file:line:col and exit 3, before anything runs.
 */
import { ExitCode } from '../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { aliasBomb, deepFlow } from '../helpers/hostile-yaml';

const RUNBOOK = 'name: ok\nsteps:\n  - id: say\n    echo: { msg: hi }\n';
const DEEP = deepFlow(100_000);
const HANG_GUARD_MS = 30_000;
const LEVELS = [7, 8, 9, 10, 11, 12];

describe('hostile YAML is refused before anything runs (exit 3, file:line:col)', () => {
  let dir: TestDir;
  beforeAll(() => {
    dir = testdir({
      'inventory.yaml': TINY_INVENTORY,
      'ok.yaml': RUNBOOK,
      'bomb-runbook.yaml': `name: bomb\nvars:\n${aliasBomb(10, '  ')}steps:\n  - id: say\n    echo: { msg: hi }\n`,
      'deep-runbook.yaml': `name: deep\nvars:\n  x: ${DEEP}\nsteps: []\n`,
      'bomb-inventory.yaml': `${TINY_INVENTORY}vars:\n${aliasBomb(12, '  ')}`,
      'deep-inventory.yaml': `${TINY_INVENTORY}vars:\n  x: ${DEEP}\n`,
      'bomb-vars.yaml': aliasBomb(9),
      'deep-vars.yaml': `x: ${DEEP}\n`,
      ...Object.fromEntries(
        LEVELS.map((n) => [`bomb-${n}.yaml`, `name: bomb\nvars:\n${aliasBomb(n, '  ')}steps: []\n`])
      ),
    });
  });
  afterAll(() => dir.cleanup());

  it.each([
    [
      'an alias bomb in a runbook',
      ['exec', 'bomb-runbook.yaml', '-i', 'inventory.yaml'],
      /bomb-runbook\.yaml:8:12 .*aliases expand/,
    ],
    [
      'a deep runbook',
      ['exec', 'deep-runbook.yaml', '-i', 'inventory.yaml'],
      /deep-runbook\.yaml:3:\d+ .*nested deeper than 100/,
    ],
    [
      'an alias bomb in an inventory',
      ['exec', 'ok.yaml', '-i', 'bomb-inventory.yaml'],
      /bomb-inventory\.yaml:\d+:\d+ .*aliases expand/,
    ],
    [
      'a deep inventory',
      ['exec', 'ok.yaml', '-i', 'deep-inventory.yaml'],
      /deep-inventory\.yaml:\d+:\d+ .*nested deeper/,
    ],
    [
      'an alias bomb in -e @FILE',
      ['exec', 'ok.yaml', '-i', 'inventory.yaml', '-e', '@bomb-vars.yaml'],
      /bomb-vars\.yaml:6:10 .*aliases expand/,
    ],
    [
      'a deep -e @FILE',
      ['exec', 'ok.yaml', '-i', 'inventory.yaml', '-e', '@deep-vars.yaml'],
      /deep-vars\.yaml:1:\d+ .*nested deeper/,
    ],
    [
      'a deep -e key=value',
      ['exec', 'ok.yaml', '-i', 'inventory.yaml', '-e', `x=${DEEP}`],
      /\(-e x\):1:\d+ .*nested deeper/,
    ],
    ['an alias bomb given to validate', ['validate', 'bomb-runbook.yaml'], /bomb-runbook\.yaml:8:12 .*aliases expand/],
    [
      'a deep inventory given to validate',
      ['validate', 'deep-inventory.yaml'],
      /deep-inventory\.yaml:\d+:\d+ .*nested deeper/,
    ],
  ])(
    '%s',
    async (_what, args, message) => {
      const result = await runCli(args, { cwd: dir.path });
      expect(result.code).toBe(ExitCode.INVALID_INPUT);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/Maximum call stack|internal error|\n\s+at /);
      expect(result.stdout).not.toContain('say');
    },
    HANG_GUARD_MS
  );

  // Every level the issue names, through validate (how fast each is refused: `npm run bench -- yaml`).
  it.each(LEVELS)(
    'an alias bomb of %i levels given to validate',
    async (levels) => {
      const result = await runCli(['validate', `bomb-${levels}.yaml`], { cwd: dir.path });
      expect(result.code).toBe(ExitCode.INVALID_INPUT);
      expect(result.stderr).toMatch(new RegExp(`bomb-${levels}\\.yaml:8:12 .*aliases expand to more than 100,000`));
      expect(result.stderr).not.toMatch(/Maximum call stack|internal error|\n\s+at /);
    },
    HANG_GUARD_MS
  );
});
