/**
 * `-e key=value`: values are read as YAML scalars or flow collections (`3`, `true`, `[a, b]`), else kept as text.
 * `-e @FILE`: every key of a YAML mapping in FILE (relative to the working directory). Both are read under the
 * limits of hostile YAML (nesting, alias expansion: src/shared/yaml-limits.ts); over them, exit 3 with the place.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, RunbookError, ValidationError } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { loadYaml, YamlLimitError } from '../shared/yaml-source';

export class ExtraVarError extends RunbookError {
  /** The `-e` argument as given. */
  readonly assignment: string;
  constructor(assignment: string, reason = 'expected key=value or @FILE') {
    super(`-e ${assignment}: ${reason}`, {
      code: 'USAGE',
      exitCode: ExitCode.USAGE,
      hint: 'write each extra variable as -e name=value, or -e @vars.yaml for a file of them (repeat -e for more)',
    });
    this.assignment = assignment;
  }
}

export function parseExtraVars(pairs: readonly string[], cwd: string = process.cwd()): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const pair of pairs) {
    if (pair.startsWith('@')) {
      Object.assign(vars, readVarsFile(pair, resolve(cwd, pair.slice(1))));
      continue;
    }
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_]\w*$/.test(key)) throw new ExtraVarError(pair);
    vars[key] = parseValue(pair.slice(at + 1), `(-e ${key})`);
  }
  return vars;
}

function readVarsFile(pair: string, path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ExtraVarError(pair, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const data = loadYaml(text, displayPath(path));
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError([
      { file: displayPath(path), line: 1, column: 1, message: 'must be a mapping of variables' },
    ]);
  }
  return data as Record<string, unknown>;
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
