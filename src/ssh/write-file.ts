/**
 * Atomic remote writes. Directly: SFTP upload to a temp name beside the target, chmod, chown, rename over it.
 * As root through sudo (the login user cannot write the target): SFTP upload to /tmp, then one sudo script copies
 * it to a temp name beside the target, sets mode and owner (keeping the old file's when not given) and renames.
 */
import type { SFTPWrapper } from 'ssh2';
import type { RawExecResult } from './channel';
import { SshError, SshErrorCode } from './errors';
import { quoteShellWord } from './quote';
import { chmodPath, removePath, renamePath, statPath, uploadTemp } from './sftp';
import type { WriteFileOptions } from './types';

export type ScriptRunner = (script: string) => Promise<RawExecResult>;

const DEFAULT_MODE = 0o644;

export async function writeFileDirect(
  sftp: SFTPWrapper,
  host: string,
  path: string,
  data: Buffer,
  options: WriteFileOptions,
  run: ScriptRunner
): Promise<void> {
  const existing = await statPath(sftp, host, path);
  const temp = await uploadTemp(sftp, host, path, data);
  try {
    await chmodPath(sftp, host, temp, options.mode ?? existing?.mode ?? DEFAULT_MODE);
    const owner = ownerSpec(options);
    if (owner !== undefined) await runChecked(run, host, `chown ${owner} ${quoteShellWord(temp)}`);
    await renamePath(sftp, host, temp, path);
  } catch (error) {
    await removePath(sftp, host, temp);
    throw error;
  }
}

export async function writeFileAs(
  sftp: SFTPWrapper,
  host: string,
  path: string,
  data: Buffer,
  options: WriteFileOptions,
  runAsRoot: ScriptRunner
): Promise<void> {
  const upload = await uploadTemp(sftp, host, path, data, '/tmp');
  try {
    await runChecked(runAsRoot, host, installScript(upload, path, options));
  } finally {
    await removePath(sftp, host, upload);
  }
}

function installScript(upload: string, path: string, options: WriteFileOptions): string {
  const src = quoteShellWord(upload);
  const dst = quoteShellWord(path);
  const owner = ownerSpec(options);
  return [
    'set -e',
    `t=$(mktemp "$(dirname ${dst})/.runbook.XXXXXX")`,
    `trap 'rm -f "$t"' EXIT`,
    `cat ${src} > "$t"`,
    `if [ -e ${dst} ]; then chmod --reference=${dst} "$t"; chown --reference=${dst} "$t"; else chmod ${octal(DEFAULT_MODE)} "$t"; fi`,
    ...(options.mode !== undefined ? [`chmod ${octal(options.mode)} "$t"`] : []),
    ...(owner !== undefined ? [`chown ${owner} "$t"`] : []),
    `mv -f "$t" ${dst}`,
    'trap - EXIT',
  ].join('\n');
}

function ownerSpec(options: WriteFileOptions): string | undefined {
  if (options.owner === undefined && options.group === undefined) return undefined;
  return quoteShellWord(`${options.owner ?? ''}${options.group !== undefined ? ':' + options.group : ''}`);
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

async function runChecked(run: ScriptRunner, host: string, script: string): Promise<void> {
  const result = await run(script);
  if (result.exitCode === 0) return;
  const stderr = result.stderr.toString('utf8').trim();
  throw new SshError(`${host}: writing a file failed (exit code ${result.exitCode}): ${stderr}`, {
    code: SshErrorCode.COMMAND_FAILED,
    host,
    command: script.split('\n')[0] ?? script,
    exitStatus: result.exitCode,
    stderrTail: stderr.slice(-2000),
  });
}
