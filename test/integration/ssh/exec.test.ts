import { createSshPool } from '../../../src/ssh';
import type { SshPool } from '../../../src/ssh';
import { SshError } from '../../../src/ssh/errors';
import { ReadOnlyViolationError } from '../../../src/shared/errors';
import type { SshFixture } from '../../helpers/ssh-fixture';
import { startSshFixture } from '../../helpers/ssh-fixture';
import { describeSshd } from '../../helpers/sshd';

describeSshd('commands over a pooled SSH connection to a real sshd', () => {
  let fixture: SshFixture;
  let pool: SshPool;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.3.1'] });
    pool = createSshPool(fixture.inventory(), { isDryRun: false });
  });
  afterAll(async () => {
    await pool?.close();
    await fixture?.stop();
  });

  const session = () => pool.session(fixture.host(0));

  it('registers stdout, stderr and the exit code of a shell string', async () => {
    const result = await (await session()).exec('echo out; echo err >&2; exit 3');
    expect(result).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it.each([0, 1, 42, 255])('reports exit code %i', async (code) => {
    expect((await (await session()).exec(`exit ${code}`)).exitCode).toBe(code);
  });

  it('quotes an argv array so that spaces and quotes reach the command intact', async () => {
    const result = await (await session()).exec(['printf', '%s|', 'a b', "it's", '$HOME', '']);
    expect(result.stdout).toBe("a b|it's|$HOME||");
  });

  it.each([
    ['SIGTERM', 'kill -TERM $$'],
    ['SIGKILL', 'kill -KILL $$'],
  ])('reports a command killed by %s with a null exit code and the signal', async (signal, command) => {
    const result = await (await session()).exec(command);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe(signal);
  });

  it('feeds stdin to the command', async () => {
    expect((await (await session()).exec('tr a-z A-Z', { stdin: 'hello\n' })).stdout).toBe('HELLO\n');
  });

  it('collects 1 MB of output intact', async () => {
    const result = await (await session()).exec("head -c 1048576 /dev/zero | tr '\\0' x");
    expect(result.stdout.length).toBe(1048576);
    expect(/^x+$/.test(result.stdout)).toBe(true);
  });

  it('streams complete lines of both streams as they arrive', async () => {
    const lines: string[] = [];
    await (
      await session()
    ).exec('printf "one\\ntwo\\n"; echo three >&2; printf four', {
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(lines.sort()).toEqual(['stderr:three', 'stdout:four', 'stdout:one', 'stdout:two']);
  });

  it('kills a command that outlives its timeout with a retryable error naming host and command', async () => {
    const command = `sleep 30.${process.pid}`;
    const error = await (await session()).exec(command, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshError);
    expect(error).toMatchObject({
      code: 'SSH_COMMAND_TIMEOUT',
      host: 'host-0',
      command,
      isRetryable: true,
    });
    const left = await (await session()).exec(`pgrep -x sleep -a | grep -c "${command}" || true`);
    expect(left.stdout.trim()).toBe('0');
  });

  it('aborts a running command when the signal fires', async () => {
    const controller = new AbortController();
    // Aborted once the command said it runs (not after a fixed delay, which could end before the channel opened).
    const running = (await session()).exec('echo started; sleep 30', {
      signal: controller.signal,
      onLine: (line) => line === 'started' && controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ code: 'SSH_COMMAND_ABORTED' });
  });

  it('reuses one connection for every command and session of a host', async () => {
    const first = await session();
    const second = await pool.session(fixture.host(0));
    const ports = await Promise.all([first, second, first].map((s) => s.exec('echo $SSH_CLIENT')));
    expect(new Set(ports.map((r) => r.stdout)).size).toBe(1);
    expect(second).toBe(first);
  });

  it('runs more concurrent commands than sshd allows sessions by queueing channels', async () => {
    const s = await session();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => s.exec(`sleep 0.1; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  });

  it('refuses every write in dry-run before it reaches the host, and lets read-only probes through', async () => {
    const dryPool = createSshPool(fixture.inventory(), { isDryRun: true });
    try {
      const dry = await dryPool.session(fixture.host(0));
      const marker = `/tmp/runbook-dry-${process.pid}`;
      await expect(dry.exec(`touch ${marker}`)).rejects.toBeInstanceOf(ReadOnlyViolationError);
      await expect(dry.writeFile(marker, 'x')).rejects.toBeInstanceOf(ReadOnlyViolationError);
      const probe = await dry.exec(['test', '-e', marker], { isReadOnly: true });
      expect(probe.exitCode).toBe(1);
    } finally {
      await dryPool.close();
    }
  });

  it('fails every session after the pool is closed', async () => {
    const closing = createSshPool(fixture.inventory(), { isDryRun: false });
    const s = await closing.session(fixture.host(0));
    await closing.close();
    await expect(s.exec('true')).rejects.toMatchObject({ code: 'SSH_POOL_CLOSED' });
    await expect(closing.session(fixture.host(0))).rejects.toMatchObject({ code: 'SSH_POOL_CLOSED' });
  });
});
