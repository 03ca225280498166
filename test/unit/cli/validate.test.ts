import { Command } from 'commander';
import * as nodePath from 'node:path';
import { registerValidateCommand } from '../../../src/cli/commands/validate';
import { detectKind, validateFiles } from '../../../src/cli/validate';
import { formatProblem, ValidationError } from '../../../src/shared/errors';
import { displayPath } from '../../../src/shared/paths';
import { removeTestdirs, testdir } from '../../helpers/testdir';

afterAll(removeTestdirs);

const GOOD_RUNBOOK =
  'name: good\nsteps:\n  - id: hello\n    hosts: site:primary\n    echo: { msg: "{{ host.name }}" }\n';
const BAD_RUNBOOK = 'name: bad\nsteps:\n  - id: hello\n    hosts: site:primay\n    ehco: { msg: hi }\n';
const BAD_INVENTORY =
  'name: x\nengine: { kind: standalone, url: "http://127.0.0.1:1/ovirt-engine/api" }\ncluster: { name: c, data_center: d }\nsites: { primary: { hosts: { a: { address: 127.0.0.1 } } } }\n';

async function run(files: string[], inventory?: string): Promise<{ output: string; problems: string[] }> {
  let output = '';
  try {
    await validateFiles(files, { ...(inventory ? { inventory } : {}), write: (text) => (output += text) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { output, problems: error.problems.map(formatProblem) };
  }
  return { output, problems: [] };
}

describe('runbook validate', () => {
  it('prints one line per valid runbook and inventory, and the step ids of each runbook', async () => {
    const dir = await testdir({ 'good.yaml': GOOD_RUNBOOK });
    const good = nodePath.join(dir, 'good.yaml');
    const result = await run([good, 'inventories/lab.yaml'], 'inventories/lab.yaml');
    expect(result.problems).toEqual([]);
    expect(result.output).toBe(
      `ok  ${displayPath(good)}: runbook "good", 1 step\n      hello  echo\nok  inventories/lab.yaml: inventory "lab", 7 hosts, 12 VMs\n`
    );
  });

  it('lists every step id of a shipped runbook with its module and tags', async () => {
    const result = await run(['runbooks/install-standalone.yaml'], 'inventories/lab.yaml');
    expect(result.problems).toEqual([]);
    const lines = result.output.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}engine-setup +ssh\.command +\[install\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}preflight\/latency +check\.latency +\[checks\]$/));
  });

  it('reports every problem of every file at once, checking selectors against the inventory', async () => {
    const dir = await testdir({ 'bad.yaml': BAD_RUNBOOK, 'inventories/broken.yaml': BAD_INVENTORY });
    const bad = displayPath(nodePath.join(dir, 'bad.yaml'));
    const broken = displayPath(nodePath.join(dir, 'inventories/broken.yaml'));
    const result = await run(
      [nodePath.join(dir, 'bad.yaml'), nodePath.join(dir, 'inventories/broken.yaml')],
      'inventories/lab.yaml'
    );
    expect(result.output).toBe('');
    expect(result.problems).toEqual([
      `${bad}:4:12 steps[0].hosts: no site "primay" in inventory (known: primary, secondary)`,
      `${bad}:5:5 steps[0].ehco: unknown module "ehco" (did you mean echo?)`,
      `${broken}:4:8 sites: missing required key "secondary"`,
    ]);
  });

  it('leaves selectors unchecked without an inventory, but still checks their syntax', async () => {
    const dir = await testdir({
      'r.yaml': GOOD_RUNBOOK.replace('site:primary', 'site:anything'),
      's.yaml': GOOD_RUNBOOK.replace('site:primary', 'a,,b'),
    });
    const result = await run([nodePath.join(dir, 'r.yaml'), nodePath.join(dir, 's.yaml')]);
    expect(result.problems).toEqual([
      `${displayPath(nodePath.join(dir, 's.yaml'))}:4:12 steps[0].hosts: empty term in "a,,b"`,
    ]);
  });

  it.each([
    ['inv.yaml', 'name: x\nsites: {}\n', 'inventory'],
    ['rb.yaml', 'name: x\nsteps: []\n', 'runbook'],
    ['inventories/broken.yaml', ': not yaml [', 'inventory'],
    ['runbooks/broken.yaml', ': not yaml [', 'runbook'],
  ])('recognizes %s as a %s', async (name, text, kind) => {
    const dir = await testdir({ [name]: text });
    expect(detectKind(nodePath.join(dir, name))).toBe(kind);
  });

  it('is a commander command that throws the ValidationError for the CLI to map', async () => {
    const dir = await testdir({ 'bad.yaml': BAD_RUNBOOK });
    const program = new Command('runbook').exitOverride();
    const output = { write: () => undefined, isTTY: false };
    const io = { stdout: output, stderr: output, isInteractive: false, env: {}, cwd: dir };
    registerValidateCommand(program, { io, argv: [], exitCode: 0 });
    await expect(program.parseAsync(['node', 'runbook', 'validate', nodePath.join(dir, 'bad.yaml')])).rejects.toThrow(
      ValidationError
    );
  });
});
