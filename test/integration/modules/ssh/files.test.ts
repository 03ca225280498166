import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sshCommand } from '../../../../src/modules/ssh/command';
import { sshCopy } from '../../../../src/modules/ssh/copy';
import { sshScript } from '../../../../src/modules/ssh/script';
import { sshTemplate } from '../../../../src/modules/ssh/template';
import type { SshFixture } from '../../../helpers/ssh-fixture';
import { startSshFixture } from '../../../helpers/ssh-fixture';
import type { SshModuleHarness } from '../../../helpers/ssh-module';
import { sshModuleHarness } from '../../../helpers/ssh-module';
import { describeSshd, makeTempDir } from '../../../helpers/sshd';

describeSshd('ssh.copy, ssh.template and ssh.script on a real sshd', () => {
  let fixture: SshFixture;
  let harness: SshModuleHarness;
  let dir: string;
  let local: string;

  beforeAll(async () => {
    fixture = await startSshFixture({ addresses: ['127.0.6.2'] });
    harness = sshModuleHarness(fixture);
    dir = String((await harness.run(sshCommand, { cmd: 'mktemp -d' })).result!.stdout).trim();
    local = makeTempDir();
  });
  afterAll(async () => {
    await harness?.run(sshCommand, { cmd: ['rm', '-rf', dir] });
    await harness?.close();
    await fixture?.stop();
  });

  const shell = async (cmd: string) => String((await harness.run(sshCommand, { cmd })).result!.stdout);

  it('copies content, then reports no change while the file is the same (idempotence)', async () => {
    const args = { dest: `${dir}/engine.conf`, content: 'a=1\n', mode: '0640' };
    const first = await harness.run(sshCopy, args);
    expect(first.plan.status).toBe('changes');
    expect(first.plan.changes[0]).toMatchObject({ path: args.dest, note: `would create ${args.dest}` });
    expect(await shell(`cat ${args.dest}; stat -c %a ${args.dest}`)).toBe('a=1\n640\n');
    const second = await harness.run(sshCopy, args);
    expect(second.plan.status).toBe('none');
  });

  it('reports a content change by sha256 with its unified diff, and a mode-only change without rewriting the file', async () => {
    const dest = `${dir}/b.conf`;
    await harness.run(sshCopy, { dest, content: 'old\n', mode: '0600' });
    const changed = await harness.run(sshCopy, { dest, content: 'new\n', mode: '0600' }, { isDryRun: true });
    expect(changed.plan.changes).toEqual([
      {
        path: dest,
        from: expect.stringMatching(/^sha256:/),
        to: expect.stringMatching(/^sha256:/),
        diff: `--- ${dest} (on host-0)\n+++ ${dest} (planned)\n@@ -1 +1 @@\n-old\n+new\n`,
      },
    ]);
    const inode = await shell(`stat -c %i ${dest}`);
    const modeOnly = await harness.run(sshCopy, { dest, content: 'old\n', mode: '0644' });
    expect(modeOnly.plan.changes).toEqual([{ path: `${dest}:mode`, from: '0600', to: '0644' }]);
    expect(await shell(`stat -c %i ${dest}; stat -c %a ${dest}`)).toBe(`${inode.trim()}\n644\n`);
  });

  it('copies a local file and changes nothing in dry-run', async () => {
    const src = join(local, 'hosts');
    writeFileSync(src, '127.0.0.1 localhost\n');
    const dry = await harness.run(sshCopy, { dest: `${dir}/hosts`, src }, { isDryRun: true });
    expect(dry.plan.status).toBe('changes');
    expect(await shell(`test -e ${dir}/hosts && echo yes || echo no`)).toBe('no\n');
    await harness.run(sshCopy, { dest: `${dir}/hosts`, src });
    expect(await shell(`cat ${dir}/hosts`)).toBe('127.0.0.1 localhost\n');
  });

  it('reads a relative src from the directory of the runbook that holds the step, not the current directory', async () => {
    writeFileSync(join(local, 'motd'), 'welcome\n');
    const args = { dest: `${dir}/motd`, src: 'motd' };
    await expect(harness.run(sshCopy, args)).rejects.toThrow('cannot read src motd');
    await harness.run(sshCopy, args, { baseDir: local });
    expect(await shell(`cat ${dir}/motd`)).toBe('welcome\n');
  });

  it.each([
    [{ content: 'x', src: '/etc/hostname' }, 'exactly one of content or src'],
    [{ src: '/nonexistent/file' }, 'cannot read src /nonexistent/file'],
    [{ content: 'x', mode: '999' }, 'is not a permission mode'],
  ])('refuses bad arguments %p', async (extra, message) => {
    await expect(harness.run(sshCopy, { dest: `${dir}/bad`, ...extra })).rejects.toMatchObject({
      message: expect.stringContaining(message),
    });
  });

  it('renders a template with host and step vars, and is idempotent', async () => {
    const src = join(local, 'engine.conf.j2');
    writeFileSync(src, 'host={{ host.name }} addr={{ host.address }} cluster={{ cluster.name }} port={{ port }}\n');
    const args = { dest: `${dir}/rendered.conf`, src, vars: { port: 5432 } };
    const first = await harness.run(sshTemplate, args);
    expect(first.plan.status).toBe('changes');
    expect(await shell(`cat ${args.dest}`)).toBe('host=host-0 addr=127.0.6.2 cluster=stretch port=5432\n');
    expect((await harness.run(sshTemplate, args)).plan.status).toBe('none');
    expect((await harness.run(sshTemplate, { ...args, vars: { port: 5433 } }, { isDryRun: true })).plan.status).toBe(
      'changes'
    );
  });

  it('names the step, the file, its line and column when a src template uses an undefined variable', async () => {
    writeFileSync(join(local, 'bad.j2'), 'a\n{% if true %}\n  x={{ nope }}\n{% endif %}\n');
    await expect(
      harness.run(sshTemplate, { dest: `${dir}/t`, src: 'bad.j2' }, { baseDir: local })
    ).rejects.toMatchObject({
      message: expect.stringMatching(/src bad\.j2:3:5: undefined variable "nope" in \{\{ nope \}\}$/),
    });
  });

  it('renders Jinja2 block tags in a src template, and writes an inline template as the engine rendered it', async () => {
    const src = join(local, 'hosts.j2');
    writeFileSync(src, '{% for h in names %}\n{{ loop.index }} {{ h }}\n{% endfor %}{# done #}\n');
    await harness.run(sshTemplate, { dest: `${dir}/hosts`, src, vars: { names: ['a', 'b'] } });
    expect(await shell(`cat ${dir}/hosts`)).toBe('1 a\n2 b\n');
    await harness.run(sshTemplate, { dest: `${dir}/inline`, template: 'echo ${#list[@]} {{ kept }}\n' });
    expect(await shell(`cat ${dir}/inline`)).toBe('echo ${#list[@]} {{ kept }}\n');
  });

  it('uploads and runs a script with arguments, removes it, and honours guards', async () => {
    const script = join(local, 'setup.sh');
    writeFileSync(script, '#!/bin/sh\necho "args: $*"\necho done > "$1/script-ran"\n');
    const { result } = await harness.run(sshScript, { script, args: [dir], creates: `${dir}/script-ran` });
    expect(result).toMatchObject({ rc: 0, stdout: `args: ${dir}\n` });
    expect(await shell('ls -a /tmp | grep -c runbook-script || true')).toBe('0\n');
    const again = await harness.run(sshScript, { script, args: [dir], creates: `${dir}/script-ran` });
    expect(again.plan).toMatchObject({ status: 'none', result: { skipped: true } });
  });
});
