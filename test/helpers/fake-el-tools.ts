/**
 * Stand-ins for the Oracle Linux tools ssh.package and ssh.service drive (rpm, dnf, systemctl), installed in a
 * directory that the test sshd puts first on PATH (sshd_config SetEnv). They keep their state in files, so a test
 * can read what was installed, started or enabled. The test host is Debian in a container: no dnf, no systemd.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './sshd';

const RPM = `#!/bin/sh
[ "$1" = -q ] || { echo "fake rpm: only -q" >&2; exit 2; }
shift; missing=0
for p in "$@"; do
  if [ -e "$FAKE_STATE/pkgs/$p" ]; then echo "$p-1.0-1.el8.x86_64"; else echo "package $p is not installed"; missing=$((missing+1)); fi
done
exit $missing
`;

const DNF = `#!/bin/sh
verb=$1; shift; [ "$1" = -y ] && shift
echo "dnf $verb $*" >> "$FAKE_STATE/log"
for p in "$@"; do
  case $verb in
    install) [ -e "$FAKE_STATE/available/$p" ] || { echo "Error: Unable to find a match: $p" >&2; exit 1; }; : > "$FAKE_STATE/pkgs/$p"; echo "Installed: $p";;
    remove) rm -f "$FAKE_STATE/pkgs/$p"; echo "Removed: $p";;
  esac
done
`;

const SYSTEMCTL = `#!/bin/sh
verb=$1; shift; [ "$1" = -- ] && shift; u=$FAKE_STATE/units/$1
case $verb in
  is-active) if [ -e "$u.active" ]; then echo active; else echo inactive; exit 3; fi;;
  is-enabled)
    [ -e "$u" ] || { echo "Failed to get unit file state for $1.service: No such file or directory" >&2; exit 1; }
    if [ -e "$u.enabled" ]; then echo enabled; else echo disabled; exit 1; fi;;
  start) : > "$u.active";; stop) rm -f "$u.active";; restart) : > "$u.active";;
  enable) : > "$u.enabled";; disable) rm -f "$u.enabled";;
  *) echo "fake systemctl: $verb" >&2; exit 2;;
esac
echo "systemctl $verb $1" >> "$FAKE_STATE/log"
`;

export interface FakeElTools {
  bin: string;
  state: string;
  /** sshd_config lines that put the tools first on PATH. */
  sshdConfig: string[];
}

export function installFakeElTools(): FakeElTools {
  const root = makeTempDir('runbook-fake-el-');
  chmodSync(root, 0o755);
  const bin = join(root, 'bin');
  const state = join(root, 'state');
  for (const dir of [bin, state, join(state, 'pkgs'), join(state, 'available'), join(state, 'units')]) {
    mkdirSync(dir, { recursive: true, mode: 0o777 });
  }
  for (const [name, body] of Object.entries({ rpm: RPM, dnf: DNF, systemctl: SYSTEMCTL })) {
    writeFileSync(join(bin, name), body, { mode: 0o755 });
  }
  return {
    bin,
    state,
    sshdConfig: [`SetEnv PATH=${bin}:/usr/local/bin:/usr/bin:/bin FAKE_STATE=${state}`],
  };
}
