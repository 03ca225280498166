/**
 * `-e` as Ansible takes it: `key=value` (the value read as a YAML scalar or flow collection, `3`, `true`,
 * `[a, b]`, else kept as text), `@vars.yml` (a YAML or JSON file holding a mapping, relative to the working
 * directory), or a mapping written inline (`'{"a": 1}'`, `'{a: 1, b: [x]}'`). Later `-e` win. Everything is read
 * under the limits of hostile YAML (nesting, alias expansion: src/shared/yaml-limits.ts); over them, exit 3 with
 * the place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, RunbookError, ValidationError } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { loadYaml, YamlLimitError } from '../shared/yaml-source';

export class ExtraVarError extends RunbookError {
  /** The `-e` argument as given. */
  readonly assignment: string;
  constructor(assignment: string, reason = 'expected key=value, @file or {mapping}') {
    super(`-e ${assignment}: ${reason}`, {
      code: 'USAGE',
      exitCode: ExitCode.USAGE,
      hint: 'write -e name=value, -e @vars.yml or -e \'{"name": "value"}\' (repeat -e for more)',
    });
    this.assignment = assignment;
  }
}

const NAME = /^[A-Za-z_]\w*$/;

type Vars = Record<string, unknown>;

export function parseExtraVars(arguments_: readonly string[], cwd: string = process.cwd()): Vars {
  const vars: Vars = {};
  for (const argument of arguments_) Object.assign(vars, parseOne(argument, cwd));
  return vars;
}

function parseOne(argument: string, cwd: string): Vars {
  if (argument.startsWith('@')) return readVarsFile(argument, resolve(cwd, argument.slice(1)));
  if (/^\s*\{/.test(argument)) return checkMapping(argument, loadYaml(argument, '(-e)'), '(-e)');
  const at = argument.indexOf('=');
  const key = argument.slice(0, at).trim();
  if (at <= 0 || !NAME.test(key)) throw new ExtraVarError(argument);
  return { [key]: parseValue(argument.slice(at + 1), `(-e ${key})`) };
}

function readVarsFile(argument: string, path: string): Vars {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ExtraVarError(argument, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return checkMapping(argument, loadYaml(text, displayPath(path)), displayPath(path));
}

/** A document that is not a mapping is refused at its file (exit 3); keys must be variable names. */
function checkMapping(argument: string, data: unknown, file: string): Vars {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError([{ file, line: 1, column: 1, message: 'must be a mapping of variables' }]);
  }
  const bad = Object.keys(data).filter((key) => !NAME.test(key));
  if (bad.length > 0) throw new ExtraVarError(argument, `not variable names: ${bad.join(', ')}`);
  return data as Vars;
}

/** A value that is not YAML stays text; a value over the hostile-YAML limits is refused (ValidationError). */
function parseValue(text: string, where: string): unknown {
  let value: unknown;
  try {
    value = loadYaml(text, where);
  } catch (error) {
    if (error instanceof YamlLimitError) throw error;
    return text;
  }
  return value === undefined || value === null ? text : value;
}
