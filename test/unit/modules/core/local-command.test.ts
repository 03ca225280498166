import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError, InvalidCommandError } from '../../../../src/modules/core/command-errors';
import { localCommand } from '../../../../src/modules/core/local-command';
import type { LocalCommandArgs } from '../../../../src/modules/core/local-command';
import { makeModuleContext } from '../../../helpers/module-context';

describe('local.command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-local-command-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: LocalCommandArgs, ctx = makeModuleContext({ stepId: 'cmd' })) {
    const plan = await localCommand.plan(ctx, args);
    const applied = await localCommand.apply(ctx, args, plan);
    return { plan, result: applied.result, lines: ctx.lines };
  }

  it('plans a run without running the command', async () => {
    const marker = join(dir, 'marker');
    const plan = await localCommand.plan(makeModuleContext({ isDryRun: true }), { cmd: ['touch', marker] });
    expect(plan.status).toBe('changes');
    expect(plan.changes).toEqual([{ path: 'run', note: `run: touch ${marker}` }]);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs an argv command without a shell, so metacharacters stay literal', async () => {
    const { result } = await run({ cmd: ['echo', 'a;b', '$HOME'] });
    expect(result).toMatchObject({ rc: 0, stdout: 'a;b $HOME\n', stderr: '' });
  });

  it('runs a shell string through /bin/sh', async () => {
    const { result } = await run({ shell: 'echo one | tr o O; echo two >&2' });
    expect(result).toMatchObject({ rc: 0, stdout: 'One\n', stderr: 'two\n' });
  });

  it('streams every output line through ctx.output', async () => {
    const { lines } = await run({ shell: 'printf "first\\nsecond\\nthird"' });
    expect(lines).toEqual(['first', 'second', 'third']);
  });

  it('honours cwd, env and stdin', async () => {
    const { result } = await run({
      shell: 'pwd; echo "$GREETING"; cat',
      cwd: dir,
      env: { GREETING: 'hi' },
      stdin: 'fed',
    });
    expect(result?.stdout).toBe(`${dir}\nhi\nfed`);
  });

  it('splits a plain string cmd on spaces', async () => {
    const { result } = await run({ cmd: 'echo split  me' });
    expect(result?.stdout).toBe('split me\n');
  });

  it.each([
    [{ cmd: 'echo "quoted"' }, /uses shell syntax; write it as shell/],
    [{ cmd: ['x'], shell: 'x' }, /either cmd \(argv\) or shell/],
    [{ cmd: [] }, /cmd is an empty list/],
    [{}, /needs cmd \(argv\) or shell/],
  ])('refuses %p in plan', async (args, message) => {
    const plan = localCommand.plan(makeModuleContext({ stepId: 's' }), args as LocalCommandArgs);
    await expect(plan).rejects.toThrow(InvalidCommandError);
    await expect(plan).rejects.toThrow(message);
  });

  it.each([
    ['creates', 'exists', true],
    ['removes', 'does not exist', false],
  ])('skips in plan when the %s guard says so', async (guard, reason, shouldExist) => {
    const path = join(dir, 'guard');
    if (shouldExist) writeFileSync(path, '');
    const plan = await localCommand.plan(makeModuleContext(), { cmd: ['false'], [guard]: path });
    expect(plan.status).toBe('none');
    expect(plan.result).toMatchObject({ skipped: true, reason: `${path} ${reason}` });
  });

  it('runs when the creates guard path is missing', async () => {
    const path = join(dir, 'made');
    const { plan } = await run({ cmd: ['touch', path], creates: path });
    expect(plan.status).toBe('changes');
    expect(existsSync(path)).toBe(true);
  });

  it('fails on a non-zero exit, naming the code and the last stderr line, and keeps the result', async () => {
    const failure = run({ shell: 'echo partial; echo "disk full" >&2; exit 3' });
    await expect(failure).rejects.toThrow(CommandFailedError);
    const error = (await failure.catch((e: unknown) => e)) as CommandFailedError;
    expect(error.message).toBe(
      'local.command failed (step "cmd"): exit code 3: disk full [echo partial; echo "disk full" >&2; exit 3]'
    );
    expect(error.result).toMatchObject({ rc: 3, stdout: 'partial\n', stderr: 'disk full\n' });
  });

  it('accepts an exit code listed in ok_codes', async () => {
    const { result } = await run({ shell: 'exit 2', ok_codes: [0, 2] });
    expect(result?.rc).toBe(2);
  });

  it('says so when the program does not exist', async () => {
    await expect(run({ cmd: ['/nonexistent/program'] })).rejects.toThrow(/ENOENT/);
  });

  it('kills the command when the signal aborts', async () => {
    const controller = new AbortController();
    const ctx = makeModuleContext({ signal: controller.signal });
    const pidFile = join(dir, 'started');
    const running = run({ shell: `echo $$ > ${pidFile}; exec sleep 30` }, ctx);
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error('step timed out'));
    await expect(running).rejects.toThrow('step timed out');
  });
});
