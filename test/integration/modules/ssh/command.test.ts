import { createHash } from 'node:crypto';
import { sshCommand } from '../../../../src/modules/ssh/command';
import { redactText } from '../../../../src/shared/redact';
import type { SshModuleHarness } from '../../../helpers/ssh-module';
import { sshModuleHarness } from '../../../helpers/ssh-module';
import type { SshFixture } from '../../../helpers/ssh-fixture';
import { startSshFixture } from '../../../helpers/ssh-fixture';
import { describeSshd } from '../../../helpers/sshd';

describeSshd('ssh.command on a real sshd', () => {
  let fixture: SshFixture;
  let harness: SshModuleHarness;
  let dir: string;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.6.1'] });
    harness = sshModuleHarness(fixture);
    dir = String((await harness.run(sshCommand, { cmd: 'mktemp -d' })).result!.stdout as string).trim();
  });
  afterAll(async () => {
    await harness?.run(sshCommand, { cmd: ['rm', '-rf', dir] });
    await harness?.close();
    await fixture?.stop();
  });

  it('runs a shell string and registers stdout, stderr and rc, streaming its lines', async () => {
    const { plan, result, ctx } = await harness.run(sshCommand, { cmd: 'echo hello; echo warn >&2' });
    expect(plan.changes).toEqual([{ path: 'run', note: 'would run: echo hello; echo warn >&2' }]);
    expect(result).toEqual({ cmd: 'echo hello; echo warn >&2', rc: 0, stdout: 'hello\n', stderr: 'warn\n' });
    expect(ctx.lines.sort()).toEqual(['hello', 'warn']);
  });

  it('runs an argv list with chdir and env', async () => {
    const { result } = await harness.run(sshCommand, {
      cmd: ['sh', '-c', 'pwd; echo "$GREETING"'],
      chdir: dir,
      env: { GREETING: "it's me" },
    });
    expect(result!.stdout).toBe(`${dir}\nit's me\n`);
  });

  it('fails on a non-zero exit with the host, step, code and last stderr line, keeping the result', async () => {
    const error = await harness.run(sshCommand, { cmd: 'echo nope >&2; exit 7' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      host: 'host-0',
      stepId: 'test-step',
      exitStatus: 7,
      message: 'ssh.command failed on host-0 (step "test-step"): exit code 7: nope [echo nope >&2; exit 7]',
      result: { rc: 7, stderr: 'nope\n' },
    });
  });

  it('accepts an exit code listed in ok_codes', async () => {
    expect((await harness.run(sshCommand, { cmd: 'exit 3', ok_codes: [0, 3] })).result!.rc).toBe(3);
  });

  it.each([
    ['creates', (d: string) => ({ creates: `${d}/marker` }), true, 'exists'],
    ['creates', (d: string) => ({ creates: `${d}/absent` }), false, ''],
    ['removes', (d: string) => ({ removes: `${d}/absent` }), true, 'does not exist'],
    ['removes', (d: string) => ({ removes: `${d}/marker` }), false, ''],
    ['unless', (d: string) => ({ unless: `test -f ${d}/marker` }), true, 'unless succeeded'],
    ['unless', () => ({ unless: 'false' }), false, ''],
  ])('evaluates a %s guard in plan, also in dry-run (case %#)', async (_name, guard, isSkipped, reason) => {
    await harness.run(sshCommand, { cmd: ['touch', `${dir}/marker`] });
    for (const isDryRun of [true, false]) {
      const { plan } = await harness.run(sshCommand, { cmd: `echo ran >> ${dir}/log`, ...guard(dir) }, { isDryRun });
      expect(plan.status).toBe(isSkipped ? 'none' : 'changes');
      if (isSkipped) expect(plan.result).toMatchObject({ skipped: true, reason: expect.stringContaining(reason) });
    }
  });

  it('changes nothing in dry-run', async () => {
    const { plan } = await harness.run(sshCommand, { cmd: ['touch', `${dir}/dry`] }, { isDryRun: true });
    expect(plan.status).toBe('changes');
    const check = await harness.run(sshCommand, { cmd: `test -e ${dir}/dry`, ok_codes: [0, 1] });
    expect(check.result!.rc).toBe(1);
  });

  it('refuses a step without a target host', async () => {
    const ctx = harness.context();
    await expect(sshCommand.plan({ ...ctx, target: undefined }, { cmd: 'true' })).rejects.toMatchObject({
      message: expect.stringContaining('needs a target host'),
    });
  });

  it('writes a secret named by reference to stdin, and masks it from then on', async () => {
    const secret = `pw-${process.pid}-stdin`;
    process.env.RUNBOOK_TEST_STDIN_SECRET = secret;
    try {
      const { plan, result } = await harness.run(sshCommand, {
        cmd: 'read -r given; printf %s "$given" | sha256sum',
        stdin_secret: 'env:RUNBOOK_TEST_STDIN_SECRET',
      });
      expect(JSON.stringify(plan)).not.toContain(secret);
      expect(String(result!.stdout).split(' ')[0]).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(redactText(`the password is ${secret}`)).toBe('the password is ***');
    } finally {
      delete process.env.RUNBOOK_TEST_STDIN_SECRET;
    }
  });

  it('refuses stdin and stdin_secret together', async () => {
    await expect(harness.run(sshCommand, { cmd: 'cat', stdin: 'a', stdin_secret: 'env:X' })).rejects.toMatchObject({
      message: expect.stringContaining('give stdin or stdin_secret, not both'),
    });
  });
});
