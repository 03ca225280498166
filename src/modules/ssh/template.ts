/**
 * `ssh.template`: a file rendered from a template (`src` a local file, or inline `template`) with the `{{ }}`
 * language, then managed exactly like ssh.copy (sha256 compared in plan). The scope is the inventory's vars,
 * the target host's vars, `host` (name, address, site, user, vars), `cluster`, `sites`, and the step's `vars`.
 */
import type { Inventory } from '../../inventory/types';
import { renderValue } from '../../template';
import type { ModuleContext, StepModule } from '../types';
import { readLocalFile } from './copy';
import { SshModuleArgsError } from './errors';
import type { FileAttributes, FilePlanData } from './remote-file';
import { FILE_ATTRIBUTE_SCHEMA, applyFile, planFile } from './remote-file';

export interface SshTemplateArgs extends FileAttributes {
  dest: string;
  /** A local template file (relative to the current directory). */
  src?: string;
  /** An inline template. */
  template?: string;
  vars?: Record<string, unknown>;
}

const NAME = 'ssh.template';

function scopeOf(ctx: ModuleContext, inventory: Inventory, vars: Record<string, unknown>): Record<string, unknown> {
  const host = ctx.target;
  return {
    ...inventory.vars,
    ...(host?.vars ?? {}),
    host: host
      ? { ...host.vars, vars: host.vars, name: host.name, address: host.address, site: host.site, user: host.user }
      : undefined,
    cluster: inventory.cluster,
    sites: inventory.sites,
    ...vars,
  };
}

export function renderTemplate(ctx: ModuleContext, args: SshTemplateArgs): string {
  if ((args.src === undefined) === (args.template === undefined)) {
    throw new SshModuleArgsError(NAME, ctx.stepId, 'needs exactly one of src or template');
  }
  const text = args.template ?? readLocalFile(NAME, ctx, args.src as string);
  const rendered = renderValue(text, scopeOf(ctx, ctx.inventory, args.vars ?? {}), {
    stepId: ctx.stepId,
    field: args.src !== undefined ? `src (${args.src})` : 'template',
  });
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
}

export const sshTemplate: StepModule<SshTemplateArgs, FilePlanData> = {
  name: NAME,
  description: 'Render a template and put it on the target host, with mode and owner; idempotent by sha256.',
  schema: {
    type: 'object',
    properties: {
      dest: { type: 'string', pattern: '^/', description: 'Absolute path of the file on the host.' },
      src: { type: 'string', minLength: 1, description: 'A local template file. Give this or `template`.' },
      template: { type: 'string', description: 'An inline template. Give this or `src`.' },
      vars: { type: 'object', description: 'More variables for the template.' },
      ...FILE_ATTRIBUTE_SCHEMA,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    return planFile(ctx, NAME, args.dest, renderTemplate(ctx, args), args);
  },
  async apply(ctx, args, plan) {
    return { result: await applyFile(ctx, NAME, args.dest, plan, args) };
  },
};
