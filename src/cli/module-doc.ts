/**
 * `runbook doc [MODULE]`: one module's reference in the terminal: what it does, its arguments (from its JSON
 * Schema, as docs/modules.md shows them), what `register` receives, what a dry run does, and an example step.
 * Without a module: the list of modules.
 */
import { moduleNames, getModule } from '../modules/registry';
import { ExitCode, RunbookError } from '../shared/errors';
import { describeAlternatives } from '../shared/suggest';
import { MODULE_GUIDES } from './module-guide';
import { describeArguments, describeRules, type ArgumentRow } from './schema-text';

export class UnknownModuleDocError extends RunbookError {
  constructor(name: string) {
    super(`no module "${name}"${describeAlternatives(name, moduleNames())}`, {
      code: 'USAGE',
      exitCode: ExitCode.USAGE,
      hint: '`runbook doc` lists every module',
    });
  }
}

function formatRows(rows: readonly ArgumentRow[]): string[] {
  if (rows.length === 0) return ['  (no arguments)'];
  const width = Math.max(...rows.map((row) => row.name.length));
  return rows.flatMap((row) => {
    const required = row.isRequired
      ? 'required'
      : row.defaultText !== undefined
        ? `default ${row.defaultText}`
        : 'optional';
    return [`  ${row.name.padEnd(width)}  ${row.type}, ${required}`, `  ${' '.repeat(width)}  ${row.description}`];
  });
}

/** One module's reference as text. */
export function formatModuleDoc(name: string): string {
  const module = getModule(name);
  if (!module) throw new UnknownModuleDocError(name);
  const schema = module.schema as Record<string, unknown>;
  const guide = MODULE_GUIDES[name];
  const rules = describeRules(schema);
  if (schema.additionalProperties === false) rules.push('Any other argument is an error.');
  const lines = [
    `${name}: ${module.description}`,
    '',
    'Arguments:',
    ...formatRows(describeArguments(schema)),
    ...(rules.length > 0 ? ['', ...rules.map((rule) => `  ${rule}`)] : []),
    '',
    ...(guide
      ? [
          'register receives:',
          `  ${guide.registers} Every task also adds changed and failed.`,
          '',
          'In a dry run (--check, runbook plan):',
          `  ${guide.dryRun}`,
          '',
          'Example:',
          ...guide.example.split('\n').map((line) => `  ${line}`),
          '',
        ]
      : []),
    'More: docs/modules.md and docs/engine-modules.md.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Every module with its one-line description. */
export function formatModuleList(): string {
  const names = moduleNames();
  const width = Math.max(...names.map((name) => name.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${getModule(name)?.description ?? ''}`);
  return `Modules (runbook doc MODULE for one):\n${lines.join('\n')}\n`;
}
