import * as drillSummary from '../../../src/cli/drill-summary';
import { ExitCode } from '../../../src/shared/errors';
import { runCli, testdir, TINY_INVENTORY } from '../../helpers/cli';

const PLAIN = `name: plain
steps:
  - { id: hello, echo: { msg: hi } }
`;

const DRILL = `name: drill
steps:
  - { id: hello, echo: { msg: hi } }
  - { id: vms-up, olvm.wait: { condition: vms_on_site, site: secondary, timeout: 1s, poll: 100ms } }
`;

describe('the end of runbook exec', () => {
  afterEach(() => jest.restoreAllMocks());

  it('does not read the journal again after a run that is not a drill', async () => {
    const finish = jest.spyOn(drillSummary, 'finishDrill');
    const dir = testdir({ 'runbook.yaml': PLAIN, 'inventory.yaml': TINY_INVENTORY });
    try {
      const result = await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml'], { cwd: dir.path });
      expect(result.code).toBe(ExitCode.OK);
      expect(finish).not.toHaveBeenCalled();
    } finally {
      dir.cleanup();
    }
  });

  it('ends a drill (a runbook that waits with olvm.wait) with its drill summary', async () => {
    const finish = jest.spyOn(drillSummary, 'finishDrill');
    const dir = testdir({ 'runbook.yaml': DRILL, 'inventory.yaml': TINY_INVENTORY });
    try {
      await runCli(['exec', 'runbook.yaml', '-i', 'inventory.yaml', '--dry-run'], { cwd: dir.path });
      expect(finish).toHaveBeenCalledTimes(1);
    } finally {
      dir.cleanup();
    }
  });
});
