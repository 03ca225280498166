import { createHash } from 'node:crypto';
import { runOpenSsh, startLab, type LabFixture } from './harness';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('the commands a fresh simulated host answers (real OpenSSH client)', () => {
  let lab: LabFixture;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.cleanup();
  });

  // Rows are padded to four cells: jest would read a missing last cell as a `done` callback.
  const rows: [string, number, string | RegExp, (string | RegExp)?][] = [
    ['rpm -q vdsm', 1, 'package vdsm is not installed\n'],
    ['rpm -q bash openssh-server', 0, /^bash-4\.4\.20-5\.el8\.x86_64\nopenssh-server-8\.0p1-\S+\n$/],
    [
      'rpm -q vdsm ovirt-host bash',
      2,
      /^package vdsm is not installed\npackage ovirt-host is not installed\nbash-\S+\n$/,
    ],
    ["rpm -q --qf '%{NAME} %{VERSION}\\n' bash", 0, 'bash 4.4.20\n'],
    ['rpm -qa | grep -c ^kernel-uek', 0, '1\n'],
    ['systemctl is-active sshd', 0, 'active\n'],
    ['systemctl is-active vdsmd', 3, 'inactive\n'],
    ['systemctl is-enabled chronyd', 0, 'enabled\n'],
    ['systemctl status nosuch', 4, '', 'Unit nosuch.service could not be found.\n'],
    ['systemctl start vdsmd', 5, '', 'Failed to start vdsmd.service: Unit vdsmd.service not found.\n'],
    ['hostname', 0, 'kvm-a1.lab.test\n'],
    ['hostname -f', 0, 'kvm-a1.lab.test\n'],
    ['/usr/bin/hostname -s', 0, 'kvm-a1\n'],
    ['uname -r', 0, /^5\.15\.0-\S+el8uek\.x86_64\n$/],
    [
      'cat /etc/os-release',
      0,
      /^NAME="Oracle Linux Server"\nVERSION="8\.10"\n[\s\S]*PRETTY_NAME="Oracle Linux Server 8\.10"\n/,
    ],
    ['test -e /etc/os-release', 0, ''],
    ['test -e /nope', 1, ''],
    ['test -d /etc && test -f /etc', 1, ''],
    ['[ -f /etc/hostname ] && echo yes || echo no', 0, 'yes\n'],
    ['test ! -e /nope && echo absent', 0, 'absent\n'],
    ['test -e /nope; echo $?', 0, '1\n'],
    ['false || echo recovered', 0, 'recovered\n'],
    ['echo hidden >/dev/null; echo shown 2>&1', 0, 'shown\n'],
    ['cat /nope 2>&1', 1, 'cat: /nope: No such file or directory\n', ''],
    ['cat /nope 2>/dev/null', 1, '', ''],
    ["sh -c 'exit 3'", 3, ''],
    ["sh -c 'echo $1-$2' name one two", 0, 'one-two\n'],
    ['set -e; false; echo unreachable', 1, ''],
    ["sudo -S -p '' -- sh -c 'id -u'", 0, '0\n'],
    ['LC_ALL=C stat -c %a:%U:%G:%s /etc/hostname', 0, `644:root:root:${'kvm-a1.lab.test\n'.length}\n`],
    ['sha256sum /etc/hostname', 0, `${sha256('kvm-a1.lab.test\n')}  /etc/hostname\n`],
    ['stat -c %F /nope', 1, '', "stat: cannot statx '/nope': No such file or directory\n"],
    ['mkdir -p /root/a/b && test -d /root/a/b && rm -rf /root/a && test ! -e /root/a', 0, ''],
    ['echo one > /tmp/f && echo two >> /tmp/f && cat /tmp/f && rm -f /tmp/f /tmp/never', 0, 'one\ntwo\n'],
    ['command -v dnf', 0, '/usr/bin/dnf\n'],
    ['command -v engine-setup', 1, ''],
    [
      'engine-setup --accept-defaults',
      127,
      '',
      'bash: engine-setup: command not found (it comes with package ovirt-engine-setup, which is not installed on kvm-a1)\n',
    ],
    ['dnf install -y nosuchpkg', 1, /No match for argument: nosuchpkg\n/, 'Error: Unable to find a match: nosuchpkg\n'],
    ['dnf install -y vdsm', 1, /No match for argument: vdsm\n/, 'Error: Unable to find a match: vdsm\n'],
    ['yum remove -y systemd', 1, '', /protected packages: systemd/],
    ['ping -c 2 -q nosuchhost', 2, '', 'ping: nosuchhost: Name or service not known\n'],
    ['echo "unterminated', 2, '', 'bash: syntax error: unterminated double quote\n'],
    ['echo "host=$(hostname -s) uid=`id -u`"', 0, 'host=kvm-a1 uid=0\n'],
    [
      't=$(mktemp "$(dirname /etc/hosts)/.runbook.XXXXXX") && test -f "$t" && stat -c %a "$t" && rm -f "$t"',
      0,
      '600\n',
    ],
    ['if [ -f /etc ]; then echo file; elif [ -e /etc ]; then echo other; else echo missing; fi', 0, 'other\n'],
    ['if test -e /nope; then echo yes; fi; echo $?', 0, '0\n'],
    ['{ test -e /etc && echo creates; }; { test -e /nope || echo removes; }; true', 0, 'creates\nremoves\n'],
    ['(cat /nope) >/dev/null 2>&1 && echo unless; (cd /etc; pwd_=$PWD); echo done', 0, 'done\n'],
    ['set -e; if false; then :; fi; false || true; echo survived', 0, 'survived\n'],
    ["trap 'echo cleanup' EXIT; echo work; exit 4", 4, 'work\ncleanup\n'],
    ["trap 'echo never' EXIT; trap - EXIT; true", 0, ''],
    ['exec cat -- /etc/hostname; echo unreachable', 0, 'kvm-a1.lab.test\n'],
    ['printf \'\\036runbook-pid %s\\036\\n\' "$$" >&2\necho body', 0, 'body\n', '\u001erunbook-pid 4242\u001e\n'],
    ["sha256sum -- /etc/hostname | cut -d' ' -f1 | wc -l", 0, '1\n'],
    ['echo a:b:c | cut -d: -f2-', 0, 'b:c\n'],
    ['basename /etc/ovirt-engine/x.conf .conf; dirname /etc/ovirt-engine/x.conf', 0, 'x\n/etc/ovirt-engine\n'],
    ['kill -KILL -- -4242 2>/dev/null; pkill -KILL -s 4242 2>/dev/null; true', 0, ''],
    [
      'printf \'#!/bin/sh\\necho "args: $1 $2"\\nexit 5\\n\' > /tmp/s.sh && chmod 700 /tmp/s.sh && /tmp/s.sh x y; rc=$?; rm -f /tmp/s.sh; exit $rc',
      5,
      'args: x y\n',
    ],
    ["printf 'echo from-file $1\\n' > /tmp/f.sh && sh /tmp/f.sh arg", 0, 'from-file arg\n'],
    [
      "printf '#!/usr/bin/python3\\n' > /tmp/p.py && chmod +x /tmp/p.py && /tmp/p.py",
      126,
      '',
      /bad interpreter: the lab runs only sh and bash scripts/,
    ],
    ['touch /tmp/noexec && /tmp/noexec', 126, '', 'bash: /tmp/noexec: Permission denied\n'],
    ['for x in a b; do echo $x; done', 2, '', 'bash: syntax error: "for" is not supported by the lab shell\n'],
    ['cat <<EOF', 2, '', /here-documents/],
  ];
  it.each(rows.map(([command, exitCode, stdout, stderr]) => [command, exitCode, stdout, stderr ?? null] as const))(
    '%s exits %i',
    async (command, exitCode, stdout, stderr) => {
      const result = await runOpenSsh(lab.hosts, 'kvm-a1', command);
      expect(result.exitCode).toBe(exitCode);
      if (typeof stdout === 'string') expect(result.stdout).toBe(stdout);
      else expect(result.stdout).toMatch(stdout);
      if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
      else if (stderr) expect(result.stderr).toMatch(stderr);
    }
  );

  it('feeds stdin to cat, so a file can be written through a command', async () => {
    const written = await runOpenSsh(lab.hosts, 'kvm-a2', 'cat > /root/answers.conf && sha256sum /root/answers.conf', {
      stdin: 'KEY=str:value\n',
    });
    expect(written).toEqual({ stdout: `${sha256('KEY=str:value\n')}  /root/answers.conf\n`, stderr: '', exitCode: 0 });
  });
});
