/**
 * Secrets never reach the journal or the terminal: a runbook whose commands print an env: secret of the
 * inventory and a file: secret, in output, in registered results, in a change and in an error. The journal, the
 * CLI's output, `runbook log` and `runbook audit export` must hold none of them, and must show the masks instead.
 * A secret given as a literal (a secret-named runbook variable or `-e` variable) is refused before anything runs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearSecrets } from '../../src/shared/redact';
import { runCli, testdir, TINY_INVENTORY } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';

const ENGINE_PASSWORD = 'eng-Pa55word-71';
const HOST_PASSWORD = 'host-pw-from-file-93';
const VAR_PASSWORD = 'db-s3cret-in-vars';
const CLI_TOKEN = 'tok-from-cli-0042';
const SECRETS = [ENGINE_PASSWORD, HOST_PASSWORD, VAR_PASSWORD, CLI_TOKEN];
const CLI_TOKEN_REF = 'env:RB_E2E_CLI_TOKEN';

const INVENTORY = TINY_INVENTORY.replace(
  'username: admin@internal,',
  'username: admin@internal, password: "env:RB_E2E_ENGINE_PASSWORD",'
).replace('kvm-a1: { address: 127.0.1.11 }', 'kvm-a1: { address: 127.0.1.11, password: "file:host-password.txt" }');

const runbookFor = (dir: string): string => `name: leaky commands
vars: { db_password: "file:${dir}/host-password.txt", api_token: "" }
steps:
  - id: print-env
    local.command: { shell: "echo engine password is $RB_E2E_ENGINE_PASSWORD" }
    register: printed
  - id: print-file
    local.command: { shell: "echo host password is $(cat ${dir}/host-password.txt)" }
  - id: print-vars
    local.command: { shell: "echo db $(cat ${dir}/host-password.txt) token $RB_E2E_ENGINE_PASSWORD" }
  - id: echo-registered
    echo: { msg: "registered {{ printed.stdout }}" }
  - id: fails-loudly
    local.command: { shell: "echo 'cannot log in with '$RB_E2E_ENGINE_PASSWORD >&2; exit 3" }
    ignore_errors: true
`;

describe('secrets in a run', () => {
  let dir: TestDir;
  beforeEach(() => {
    process.env['RB_E2E_ENGINE_PASSWORD'] = ENGINE_PASSWORD;
    dir = testdir({ 'inventory.yaml': INVENTORY, 'host-password.txt': `${HOST_PASSWORD}\n` });
    writeFileSync(dir.file('runbook.yaml'), runbookFor(dir.path));
  });
  afterEach(() => {
    delete process.env['RB_E2E_ENGINE_PASSWORD'];
    clearSecrets();
    dir.cleanup();
  });

  const cli = (...args: string[]) =>
    runCli(args, { cwd: dir.path, env: { RB_E2E_ENGINE_PASSWORD: ENGINE_PASSWORD, RB_E2E_CLI_TOKEN: CLI_TOKEN } });

  function expectNoSecret(text: string): void {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }

  it('reach neither the journal nor the terminal, nor log or audit export, which show *** instead', async () => {
    const run = await cli('exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `api_token=${CLI_TOKEN_REF}`);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expectNoSecret(run.stdout + run.stderr);
    expect(run.stdout).toContain('engine password is ***');

    const runsDir = join(dir.path, '.runbook', 'runs');
    const [runId] = readdirSync(runsDir);
    const journal = readFileSync(join(runsDir, runId!, 'journal.jsonl'), 'utf8');
    expectNoSecret(journal);
    for (const masked of [
      'engine password is ***',
      'host password is ***',
      'db *** token ***',
      'cannot log in with ***',
      'registered engine password is ***',
      `api_token=***`,
    ]) {
      expect(journal).toContain(masked);
    }

    const outputs = await Promise.all([
      cli('log', runId!),
      cli('log', runId!, '--step', 'print-env'),
      cli('log', runId!, '--json'),
      cli('audit', 'export', runId!),
    ]);
    for (const output of outputs) {
      expect(output.code).toBe(0);
      expectNoSecret(output.stdout + output.stderr);
    }
    expect(outputs[1].stdout).toContain('| engine password is ***');
  });

  it('reach not the --json event stream either, which shows *** instead (the argv of the run included)', async () => {
    const args = ['exec', 'runbook.yaml', '-i', 'inventory.yaml', '-e', `api_token=${CLI_TOKEN_REF}`];
    const json = await cli(...args, '--json');
    expect(json.code).toBe(0);
    expectNoSecret(json.stdout + json.stderr);
    expect(json.stdout).toContain('engine password is ***');
  });

  it.each([
    [
      'a secret-named -e variable',
      ['-e', `api_token=${CLI_TOKEN}`],
      /^ {2}-e api_token api_token: must be a reference/m,
    ],
    ['a password -e variable', ['-e', `hosts_root_password=${VAR_PASSWORD}`], /-e hosts_root_password /],
    ['a secret-named -e @FILE variable', ['-e', '@secret-vars.yaml'], /-e db_password db_password: must be/],
  ])(
    'given as a literal: %s is refused at validation (exit 3), before anything runs',
    async (_what, extra, message) => {
      writeFileSync(dir.file('secret-vars.yaml'), `db_password: ${VAR_PASSWORD}\n`);
      for (const command of ['exec', 'validate']) {
        const result = await cli(command, 'runbook.yaml', '-i', 'inventory.yaml', ...extra);
        expect(result.code).toBe(3);
        expect(result.stderr).toMatch(message);
        expectNoSecret(result.stdout + result.stderr);
      }
      expect(existsSync(join(dir.path, '.runbook', 'runs'))).toBe(false);
    }
  );

  it('given as a literal in the runbook or inventory vars: refused where it is written', async () => {
    writeFileSync(dir.file('literal.yaml'), `name: literal\nvars:\n  db:\n    password: ${VAR_PASSWORD}\nsteps: []\n`);
    writeFileSync(dir.file('literal-inventory.yaml'), `${INVENTORY}vars: { api_token: ${CLI_TOKEN} }\n`);
    const result = await cli('validate', 'literal.yaml', 'literal-inventory.yaml');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/literal\.yaml:4:15 vars\.db\.password: must be a reference, env:NAME or file:PATH/);
    expect(result.stderr).toMatch(/literal-inventory\.yaml:\d+:\d+ vars\.api_token: must be a reference/);
    expectNoSecret(result.stdout + result.stderr);
  });
});
