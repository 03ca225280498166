/**
 * Loads a runbook: read YAML -> JSON Schema -> steps (module, selector, templates) with includes spliced in ->
 * cross-step rules -> `Runbook`. Every problem of every file is thrown at once as a ValidationError.
 */
import * as nodePath from 'node:path';
import type { Inventory } from '../inventory/types';
import { readDocument } from '../inventory/load';
import { parseDuration } from '../shared/duration';
import { ValidationError, type Problem } from '../shared/errors';
import { displayPath } from '../shared/paths';
import { DocumentProblems, throwIfProblems, validationError } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { findSecretLiterals, SECRET_LITERAL_MESSAGE } from '../shared/secret-literals';
import { validatorOf } from '../shared/validators';
import { formatPath, parseYaml, type PathSegment } from '../shared/yaml-source';
import { expandSteps, type LoadContext, type ParsedRunbook } from './include';
import { TOP_SCOPE } from './raw';
import { checkTemplateNames, checkUniqueIds } from './rules';
import type { ModuleSchemaEntry } from './module-args';
import type { Runbook } from './types';
import { RUNBOOK_SCHEMA_SPEC } from './validators';

export { resolveRunbookPath } from './resolve-path';

export interface LoadRunbookOptions {
  /** Check `hosts:` selectors against this inventory (and know its vars). */
  inventory?: Inventory;
  /** Check module names and arguments against these schemas. */
  modules?: Record<string, ModuleSchemaEntry>;
  /**
   * Variables given on the command line (`-e key=value`): they override the runbook's `vars` of the same name,
   * and templates may use names the runbook does not declare.
   */
  extraVars?: Record<string, unknown>;
}

export async function loadRunbook(path: string, options: LoadRunbookOptions = {}): Promise<Runbook> {
  const absolute = nodePath.resolve(path);
  const ctx: LoadContext = { ...options, problems: [], files: [], parse: parseRunbookFile };
  const root = await parseRunbookFile(absolute, ctx);
  if (!root) throw validationError(ctx.problems);
  const drafts = await expandSteps(root, TOP_SCOPE, ctx);
  const vars = { ...((root.data.vars ?? {}) as Record<string, unknown>), ...options.extraVars };
  checkUniqueIds(drafts);
  checkTemplateNames(drafts, vars, options.inventory);
  checkExtraVarSecrets(options.extraVars, ctx.problems);
  throwIfProblems(ctx.problems);
  const rtoMs = root.data.rto === undefined ? undefined : parseDuration(root.data.rto as string | number);
  return {
    name: root.data.name as string,
    ...(typeof root.data.description === 'string' ? { description: root.data.description } : {}),
    path: absolute,
    vars,
    steps: drafts.map((d) => d.step),
    files: ctx.files,
    ...(rtoMs !== undefined ? { rtoMs } : {}),
  };
}

/** Reads, parses and schema-checks one runbook file; problems go to `ctx.problems`. */
async function parseRunbookFile(absolute: string, ctx: LoadContext): Promise<ParsedRunbook | undefined> {
  const file = displayPath(absolute);
  let text: string;
  try {
    text = await readDocument(absolute, file);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    ctx.problems.push(...error.problems);
    return undefined;
  }
  if (!ctx.files.includes(absolute)) ctx.files.push(absolute);
  const parsed = parseYaml(text, file);
  if (!parsed.isOk) {
    ctx.problems.push(parsed.problem);
    return undefined;
  }
  if (parsed.data === undefined || parsed.data === null) {
    ctx.problems.push({ file, line: 1, column: 1, message: 'the runbook is empty' });
    return undefined;
  }
  const problems = new DocumentProblems(file, parsed.positions, ctx.problems);
  const before = ctx.problems.length;
  for (const p of checkSchema(validatorOf(RUNBOOK_SCHEMA_SPEC), parsed.data)) {
    if (p.isKey) problems.atKey(p.path, p.message);
    else problems.atValue(p.path, p.message);
  }
  checkRto(parsed.data, problems);
  for (const path of findSecretLiterals((parsed.data as { vars?: unknown }).vars, ['vars'])) {
    problems.atValue(path, SECRET_LITERAL_MESSAGE);
  }
  const isShapeValid = ctx.problems.length === before || Array.isArray((parsed.data as { steps?: unknown }).steps);
  if (!isShapeValid) return undefined;
  return { absolute, file, data: parsed.data as Record<string, unknown>, positions: parsed.positions, problems };
}

/** `-e db_password=hunter2`: refused here, before anything runs (the value is never shown). */
function checkExtraVarSecrets(extraVars: Record<string, unknown> | undefined, sink: Problem[]): void {
  for (const path of findSecretLiterals(extraVars)) {
    sink.push({ file: `-e ${String(path[0])}`, path: formatPath(path), message: SECRET_LITERAL_MESSAGE });
  }
}

function checkRto(data: unknown, problems: DocumentProblems): void {
  const rto = (data as { rto?: unknown }).rto;
  if ((typeof rto === 'string' || typeof rto === 'number') && parseDuration(rto) === undefined) {
    const path: PathSegment[] = ['rto'];
    problems.atValue(path, `must be a duration like 90s, 5m or 1h30m, got ${JSON.stringify(rto)}`);
  }
}
