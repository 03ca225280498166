/**
 * `ssh.copy`: a file on the target host with the given content (inline `content`, or the local file `src`),
 * mode and owner, written over SFTP atomically. Plan compares sha256 (and mode, owner, group) and reports a
 * change only when the file differs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModuleContext, StepModule } from '../types';
import { SshModuleArgsError } from './errors';
import type { FileAttributes, FilePlanData } from './remote-file';
import { FILE_ATTRIBUTE_SCHEMA, applyFile, planFile } from './remote-file';

export interface SshCopyArgs extends FileAttributes {
  /** Absolute path on the host. */
  dest: string;
  content?: string;
  /** A local file (relative to the runbook file that holds the step). */
  src?: string;
}

const NAME = 'ssh.copy';

/** A local file named in a step's arguments, relative to the directory of the file the step is written in. */
export function readLocalFile(module: string, ctx: Pick<ModuleContext, 'stepId' | 'baseDir'>, path: string): string {
  try {
    return readFileSync(resolve(ctx.baseDir, path), 'utf8');
  } catch (error) {
    throw new SshModuleArgsError(module, ctx.stepId, `cannot read src ${path}: ${(error as Error).message}`);
  }
}

function contentOf(ctx: ModuleContext, args: SshCopyArgs): string {
  if ((args.content === undefined) === (args.src === undefined)) {
    throw new SshModuleArgsError(NAME, ctx.stepId, 'needs exactly one of content or src');
  }
  return args.content ?? readLocalFile(NAME, ctx, args.src as string);
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
      src: {
        type: 'string',
        minLength: 1,
        description: 'A local file to copy (relative to the runbook file that holds the step).',
      },
      ...FILE_ATTRIBUTE_SCHEMA,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    return planFile(ctx, NAME, args.dest, contentOf(ctx, args), args);
  },
  async apply(ctx, args, plan) {
    return { result: await applyFile(ctx, NAME, args.dest, plan, args) };
  },
};
