/**
 * `-e` as Ansible takes it: `key=value` (the value read as a YAML scalar or flow collection, `3`, `true`,
 * `[a, b]`, else kept as text), `@vars.yml` (a YAML or JSON file holding a mapping, relative to the working
 * directory), or a mapping written inline (`'{"a": 1}'`, `'{a: 1, b: [x]}'`). Later `-e` win.
 */
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ExitCode, RunbookError } from '../shared/errors';

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
  if (argument.startsWith('@')) return readVarsFile(argument, nodePath.resolve(cwd, argument.slice(1)));
  if (/^\s*\{/.test(argument)) return checkMapping(argument, parseDocument(argument, argument), argument);
  const at = argument.indexOf('=');
  const key = argument.slice(0, at).trim();
  if (at <= 0 || !NAME.test(key)) throw new ExtraVarError(argument);
  return { [key]: parseValue(argument.slice(at + 1)) };
}

function readVarsFile(argument: string, path: string): Vars {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ExtraVarError(argument, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return checkMapping(argument, parseDocument(text, argument), path);
}

function parseDocument(text: string, argument: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    throw new ExtraVarError(
      argument,
      `not valid YAML or JSON: ${(error as { reason?: string }).reason ?? 'syntax error'}`
    );
  }
}

function checkMapping(argument: string, data: unknown, where: string): Vars {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ExtraVarError(argument, `${where} must hold a mapping of variable names to values`);
  }
  const bad = Object.keys(data).filter((key) => !NAME.test(key));
  if (bad.length > 0) throw new ExtraVarError(argument, `not variable names: ${bad.join(', ')}`);
  return data as Vars;
}

function parseValue(text: string): unknown {
  try {
    const value = load(text);
    return value === undefined || value === null ? text : value;
  } catch {
    return text;
  }
}
