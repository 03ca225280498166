/** `-e key=value`: values are read as YAML scalars or flow collections (`3`, `true`, `[a, b]`), else kept as text. */
import { load } from 'js-yaml';
import { ExitCode, RunbookError } from '../shared/errors';

export class ExtraVarError extends RunbookError {
  /** The `-e` argument as given. */
  readonly assignment: string;
  constructor(assignment: string) {
    super(`-e ${assignment}: expected key=value`, {
      code: 'USAGE',
      exitCode: ExitCode.USAGE,
      hint: 'write each extra variable as -e name=value (repeat -e for more)',
    });
    this.assignment = assignment;
  }
}

export function parseExtraVars(pairs: readonly string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_]\w*$/.test(key)) throw new ExtraVarError(pair);
    vars[key] = parseValue(pair.slice(at + 1));
  }
  return vars;
}

function parseValue(text: string): unknown {
  try {
    const value = load(text);
    return value === undefined || value === null ? text : value;
  } catch {
    return text;
  }
}
