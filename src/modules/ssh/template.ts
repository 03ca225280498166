/**
 * `ssh.template`: a file rendered from a template, then managed exactly like ssh.copy (sha256 compared in plan).
 * An inline `template` is an argument like any other: the engine renders it in the task's scope before the
 * module sees it, so it is not rendered twice (a `{% raw %}` block stays literal). A `src` file is rendered here,
 * Jinja2 block tags included, in the scope of the inventory's vars, the target host's vars, `host` (name, address,
 * site, user, vars), `cluster`, `sites`, and the step's `vars`; an error names the file, line and column.
 */
import type { Inventory } from '../../inventory/types';
import { PositionMap } from '../../shared/yaml-source';
import { renderValue, TemplateError, UndefinedVariableError } from '../../template';
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
  if (args.template !== undefined) return args.template;
  const src = args.src as string;
  const text = readLocalFile(NAME, ctx, src);
  let rendered: unknown;
  try {
    rendered = renderValue(text, scopeOf(ctx, ctx.inventory, args.vars ?? {}), {
      stepId: ctx.stepId,
      field: `src ${src}`,
    });
  } catch (error) {
    throw error instanceof TemplateError ? placeInFile(error, text, src) : error;
  }
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
}

/** The same error, its field naming the line and column in the template file (`src engine.conf.j2:4:7`). */
function placeInFile(error: TemplateError, text: string, src: string): TemplateError {
  if (error.offset === undefined) return error;
  const { line, column } = new PositionMap(text).pointAt(error.offset);
  const context = {
    ...(error.stepId !== undefined ? { stepId: error.stepId } : {}),
    field: `src ${src}:${line}:${column}`,
    expression: error.expression,
    offset: error.offset,
    cause: error,
  };
  if (error instanceof UndefinedVariableError) return new UndefinedVariableError(error.variable, error.detail, context);
  return new TemplateError(error.detail, context);
}

export const sshTemplate: StepModule<SshTemplateArgs, FilePlanData> = {
  name: NAME,
  description: 'Render a template and put it on the target host, with mode and owner; idempotent by sha256.',
  localTemplates: ['src'],
  schema: {
    type: 'object',
    properties: {
      dest: { type: 'string', pattern: '^/', description: 'Absolute path of the file on the host.' },
      src: {
        type: 'string',
        minLength: 1,
        description:
          'A local template file (relative to the runbook file), rendered on the control machine. Give this or `template`.',
      },
      template: {
        type: 'string',
        description:
          'An inline template, rendered like every argument (Jinja2 block tags included). Give this or `src`.',
      },
      vars: { type: 'object', description: 'More variables for a `src` template.' },
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
