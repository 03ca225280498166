/**
 * `ssh.copy`: a file on the target host with the given content (inline `content`, or the local file `src`),
 * mode and owner, written over SFTP atomically. Plan compares sha256 (and mode, owner, group) and reports a
 * change only when the file differs.
 */
import { readFileSync } from 'node:fs';
import type { StepModule } from '../types';
import { SshModuleArgsError } from './errors';
import type { FileAttributes, FilePlanData } from './remote-file';
import { FILE_ATTRIBUTE_SCHEMA, applyFile, planFile } from './remote-file';

export interface SshCopyArgs extends FileAttributes {
  /** Absolute path on the host. */
  dest: string;
  content?: string;
  /** A local file (relative to the current directory). */
  src?: string;
}

const NAME = 'ssh.copy';

export function readLocalFile(module: string, stepId: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SshModuleArgsError(module, stepId, `cannot read src ${path}: ${(error as Error).message}`);
  }
}

function contentOf(stepId: string, args: SshCopyArgs): string {
  if ((args.content === undefined) === (args.src === undefined)) {
    throw new SshModuleArgsError(NAME, stepId, 'needs exactly one of content or src');
  }
  return args.content ?? readLocalFile(NAME, stepId, args.src as string);
}

export const sshCopy: StepModule<SshCopyArgs, FilePlanData> = {
  name: NAME,
  description:
    'Put a file on the target host (inline content or a local file), with mode and owner; idempotent by sha256.',
  schema: {
    type: 'object',
    properties: {
      dest: { type: 'string', pattern: '^/', description: 'Absolute path of the file on the host.' },
      content: { type: 'string', description: 'The file’s content. Give this or `src`.' },
      src: { type: 'string', minLength: 1, description: 'A local file to copy (relative to the current directory).' },
      ...FILE_ATTRIBUTE_SCHEMA,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    return planFile(ctx, NAME, args.dest, contentOf(ctx.stepId, args), args);
  },
  async apply(ctx, args, plan) {
    return { result: await applyFile(ctx, NAME, args.dest, plan, args) };
  },
};
