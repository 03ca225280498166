import type { CliIo } from '../../../src/cli/io';
import { pickRenderer } from '../../../src/cli/renderer';
import { JsonLinesRenderer } from '../../../src/ui/json';
import { ListrRenderer } from '../../../src/ui/listr';
import { PlainRenderer } from '../../../src/ui/plain';

function io(isTTY: boolean, columns: number | undefined, env: NodeJS.ProcessEnv = {}): CliIo {
  const out = { write: () => undefined, isTTY, ...(columns !== undefined ? { columns } : {}) };
  return { stdout: out, stderr: out, isInteractive: isTTY, env, cwd: '/' };
}

describe('the renderer a run gets', () => {
  it.each<[string, CliIo, { isJson: boolean; verbosity?: number }, unknown]>([
    ['a terminal: the live tree', io(true, 120), { isJson: false }, ListrRenderer],
    ['a terminal that reports 0 columns: lines', io(true, 0), { isJson: false }, PlainRenderer],
    ['a terminal 12 columns wide: lines', io(true, 12), { isJson: false }, PlainRenderer],
    ['a pipe: lines', io(false, undefined), { isJson: false }, PlainRenderer],
    ['CI: lines', io(true, 120, { CI: 'true' }), { isJson: false }, PlainRenderer],
    ['-v on a terminal: lines with details', io(true, 120), { isJson: false, verbosity: 1 }, PlainRenderer],
    ['--json', io(true, 0), { isJson: true }, JsonLinesRenderer],
  ])('%s', (_what, cliIo, choice, kind) => {
    expect(pickRenderer(cliIo, choice)).toBeInstanceOf(kind as new (...args: never[]) => unknown);
  });
});
