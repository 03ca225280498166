/**
 * Desired-state files shared by ssh.copy and ssh.template: plan probes the remote file (sha256, mode, owner,
 * group) read-only and reports a change only where it differs; apply rewrites the file atomically when the
 * content differs, or only fixes mode and owner when that is all that changed.
 */
import { createHash } from 'node:crypto';
import { unifiedDiff } from '../../shared/unified-diff';
import { quoteShellWord } from '../../ssh/quote';
import type { SshSession } from '../../ssh/types';
import type { Change, ModuleContext, Plan } from '../types';
import { planChanges, planNone } from '../types';
import { SshModuleArgsError } from './errors';
import { probe, runRemote, sessionOf } from './target';

export interface FileAttributes {
  /** Octal permission bits as text (`'0644'`) or a number (420 or 0o644). */
  mode?: string | number;
  owner?: string;
  group?: string;
  become?: boolean;
}

export const FILE_ATTRIBUTE_SCHEMA = {
  mode: {
    anyOf: [
      { type: 'string', pattern: '^0?[0-7]{3,4}$' },
      { type: 'integer', minimum: 0, maximum: 4095 },
    ],
    description: 'Permission bits: octal text (`"0644"`) or a number.',
  },
  owner: { type: 'string', minLength: 1, description: 'Owning user.' },
  group: { type: 'string', minLength: 1, description: 'Owning group.' },
  become: { type: 'boolean', description: 'Write through sudo (default: the host’s `become`).' },
} as const;

interface RemoteFileState {
  sha256: string;
  mode: number;
  owner: string;
  group: string;
  size: number;
}

/** Larger files (or binary ones) get no diff, only their sha256. */
const MAX_DIFF_BYTES = 256 * 1024;

export interface FilePlanData {
  content: string;
  isContentChanged: boolean;
}

export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function parseMode(module: string, stepId: string, mode: string | number | undefined): number | undefined {
  if (mode === undefined) return undefined;
  const value = typeof mode === 'number' ? mode : parseInt(mode, 8);
  if (!Number.isInteger(value) || value < 0 || value > 0o7777) {
    throw new SshModuleArgsError(module, stepId, `mode ${String(mode)} is not a permission mode`, "write it as '0644'");
  }
  return value;
}

async function probeFile(ctx: ModuleContext, session: SshSession, path: string, become?: boolean) {
  const p = quoteShellWord(path);
  const script = `if [ -f ${p} ]; then sha256sum -- ${p} | cut -d' ' -f1; stat -c '%a %U %G %s' -- ${p}; elif [ -e ${p} ]; then echo not-a-file; else echo missing; fi`;
  const result = await probe(ctx, session, script, become);
  const [first, second] = result.stdout.trim().split('\n');
  if (result.exitCode !== 0 || first === 'not-a-file') {
    throw new SshModuleArgsError(
      'file',
      ctx.stepId,
      `cannot manage ${path} on ${session.host}: ${first === 'not-a-file' ? 'it exists and is not a regular file' : result.stderr.trim()}`
    );
  }
  if (first === 'missing' || !first || !second) return undefined;
  const [mode, owner, group, size] = second.split(' ');
  return {
    sha256: first,
    mode: parseInt(mode ?? '0', 8),
    owner: owner ?? '',
    group: group ?? '',
    size: Number(size ?? NaN),
  } satisfies RemoteFileState;
}

/**
 * The unified diff from the file on the host to `content` (a read-only `cat`); a note instead for a binary or
 * large file. A new file diffs from nothing.
 */
async function diffFile(
  ctx: ModuleContext,
  session: SshSession,
  dest: string,
  content: string,
  current: RemoteFileState | undefined,
  become?: boolean
): Promise<string> {
  const labels = { before: `${dest} (on ${session.host})`, after: `${dest} (planned)` };
  if (content.includes('\0') || Buffer.byteLength(content) > MAX_DIFF_BYTES) return noDiff(labels, 'the new content');
  if (!current) return unifiedDiff('', content, labels);
  if (!(current.size <= MAX_DIFF_BYTES)) return noDiff(labels, 'the file on the host');
  const read = await probe(ctx, session, `cat -- ${quoteShellWord(dest)}`, become);
  if (read.exitCode !== 0 || read.stdout.includes('\0')) return noDiff(labels, 'the file on the host');
  return unifiedDiff(read.stdout, content, labels);
}

function noDiff(labels: { before: string; after: string }, what: string): string {
  return `--- ${labels.before}\n+++ ${labels.after}\n(no diff: ${what} is binary or larger than ${MAX_DIFF_BYTES / 1024} KiB)\n`;
}

/** The changes that would make `dest` hold `content` with the given attributes. */
export async function planFile(
  ctx: ModuleContext,
  module: string,
  dest: string,
  content: string,
  attributes: FileAttributes
): Promise<Plan<FilePlanData>> {
  const session = await sessionOf(ctx, module);
  const current = await probeFile(ctx, session, dest, attributes.become);
  const mode = parseMode(module, ctx.stepId, attributes.mode);
  const sha256 = sha256Of(content);
  const changes: Change[] = [];
  const isContentChanged = !current || current.sha256 !== sha256;
  const diff = isContentChanged ? await diffFile(ctx, session, dest, content, current, attributes.become) : '';
  if (!current) changes.push({ path: dest, to: `sha256:${sha256.slice(0, 12)}`, note: `would create ${dest}`, diff });
  else if (isContentChanged)
    changes.push({
      path: dest,
      from: `sha256:${current.sha256.slice(0, 12)}`,
      to: `sha256:${sha256.slice(0, 12)}`,
      diff,
    });
  if (current && mode !== undefined && current.mode !== mode)
    changes.push({ path: `${dest}:mode`, from: octal(current.mode), to: octal(mode) });
  if (current && attributes.owner !== undefined && current.owner !== attributes.owner)
    changes.push({ path: `${dest}:owner`, from: current.owner, to: attributes.owner });
  if (current && attributes.group !== undefined && current.group !== attributes.group)
    changes.push({ path: `${dest}:group`, from: current.group, to: attributes.group });
  const result = { dest, sha256, changed: changes.length > 0 };
  if (changes.length === 0) return planNone(result);
  return { ...planChanges(changes, { content, isContentChanged }), result };
}

/** Makes the planned changes: a full atomic write when the content differs, else chmod/chown only. */
export async function applyFile(
  ctx: ModuleContext,
  module: string,
  dest: string,
  plan: Plan<FilePlanData>,
  attributes: FileAttributes
): Promise<Record<string, unknown>> {
  const session = await sessionOf(ctx, module);
  const content = plan.data?.content ?? '';
  const mode = parseMode(module, ctx.stepId, attributes.mode);
  const become = attributes.become;
  if (plan.data?.isContentChanged !== false) {
    await session.writeFile(dest, content, {
      ...(mode !== undefined ? { mode } : {}),
      ...(attributes.owner !== undefined ? { owner: attributes.owner } : {}),
      ...(attributes.group !== undefined ? { group: attributes.group } : {}),
      ...(become !== undefined ? { become } : {}),
    });
  } else {
    await fixAttributes(ctx, module, session, dest, mode, attributes);
  }
  return { dest, sha256: sha256Of(content), changed: true };
}

async function fixAttributes(
  ctx: ModuleContext,
  module: string,
  session: SshSession,
  dest: string,
  mode: number | undefined,
  attributes: FileAttributes
): Promise<void> {
  const p = quoteShellWord(dest);
  const commands: string[] = [];
  if (mode !== undefined) commands.push(`chmod ${octal(mode)} -- ${p}`);
  if (attributes.owner !== undefined || attributes.group !== undefined) {
    const spec = `${attributes.owner ?? ''}${attributes.group !== undefined ? ':' + attributes.group : ''}`;
    commands.push(`chown ${quoteShellWord(spec)} -- ${p}`);
  }
  if (commands.length === 0) return;
  await runRemote(
    ctx,
    module,
    session,
    commands.join(' && '),
    attributes.become !== undefined ? { become: attributes.become } : {}
  );
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
