/**
 * Become (sudo). With a password, `sudo -S` reads it from the first line of stdin, `-p ''` keeps the prompt out of
 * stderr, and `-k` ignores cached credentials so the password line is always consumed by sudo and never reaches
 * the command. Without one, `-n` fails at once instead of waiting. The password is registered as a secret when
 * resolved, so it is masked wherever it might appear.
 */
import { SshError, SshErrorCode } from './errors';
import { quoteShellWord } from './quote';

export function wrapInSudo(command: string, hasPassword: boolean): string {
  const flags = hasPassword ? "-k -S -p ''" : '-n';
  return `sudo ${flags} -- sh -c ${quoteShellWord(command)}`;
}

/** The bytes fed to sudo: the password line, then the command's own stdin. */
export function becomeStdin(password: string | undefined, stdin: Buffer | undefined): Buffer | undefined {
  if (password === undefined) return stdin;
  const line = Buffer.from(password + '\n', 'utf8');
  return stdin ? Buffer.concat([line, stdin]) : line;
}

const SUDO_REFUSAL =
  /^sudo: (\d+ incorrect password attempts?|a password is required|no password was provided|a terminal is required|.* is not in the sudoers file|.* not allowed to execute)/m;
const SUDO_MISSING = /sudo: (command )?not found/;

/** Throws when sudo itself refused (wrong password, not a sudoer) rather than the command failing. */
export function assertBecameRoot(
  result: { exitCode: number | null; stderr: Buffer },
  host: string,
  label: string
): void {
  if (result.exitCode !== 1 && result.exitCode !== 127) return;
  const stderr = result.stderr.toString('utf8');
  const refusal = SUDO_REFUSAL.exec(stderr) ?? (result.exitCode === 127 ? SUDO_MISSING.exec(stderr) : null);
  if (!refusal) return;
  throw new SshError(`${host}: become (sudo) failed: ${refusal[0]}`, {
    code: SshErrorCode.BECOME_FAILED,
    host,
    command: label,
    exitStatus: result.exitCode,
    hint: 'check become_password for this host, and that the user may run sudo',
  });
}
