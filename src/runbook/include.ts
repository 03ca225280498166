/**
 * Splices included runbooks into the step list: `- include: preflight.yaml` becomes that file's steps, with ids
 * `<include id or file stem>/<step id>`, the include's `when`, `tags` and `vars` applied. Cycles are errors.
 */
import * as nodePath from 'node:path';
import type { Inventory } from '../inventory/types';
import type { Problem } from '../shared/errors';
import { displayPath } from '../shared/paths';
import type { DocumentProblems } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { validatorOf } from '../shared/validators';
import type { PathSegment, PositionMap } from '../shared/yaml-source';
import type { ModuleSchemaEntry } from './module-args';
import { toList, type IncludeScope, type RawInclude } from './raw';
import { processStep, type StepDraft } from './step';
import { checkSyntax, SiteScope } from './template-checks';
import { INCLUDE_SCHEMA_SPEC } from './validators';

export interface ParsedRunbook {
  absolute: string;
  file: string;
  data: Record<string, unknown>;
  positions: PositionMap;
  problems: DocumentProblems;
}

export interface LoadContext {
  inventory?: Inventory;
  modules?: Record<string, ModuleSchemaEntry>;
  /** Every problem of every file. */
  problems: Problem[];
  /** Absolute paths of the files read, in order. */
  files: string[];
  parse(absolute: string, ctx: LoadContext): Promise<ParsedRunbook | undefined>;
}

/** The steps of a parsed runbook, includes expanded, in order. */
export async function expandSteps(runbook: ParsedRunbook, scope: IncludeScope, ctx: LoadContext): Promise<StepDraft[]> {
  const chain = [...scope.chain, runbook.absolute];
  const steps = Array.isArray(runbook.data.steps) ? (runbook.data.steps as unknown[]) : [];
  const drafts: StepDraft[] = [];
  for (const [i, entry] of steps.entries()) {
    const path: PathSegment[] = ['steps', i];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      runbook.problems.atValue(path, 'a step must be a mapping (id, module, …) or an include');
    } else if ('include' in entry) {
      drafts.push(...(await expandInclude(entry as Record<string, unknown>, path, runbook, { ...scope, chain }, ctx)));
    } else {
      const baseDir = nodePath.dirname(runbook.absolute);
      const stepCtx = { ...ctx, file: runbook.file, baseDir, positions: runbook.positions, problems: runbook.problems };
      drafts.push(
        processStep(entry as Record<string, unknown>, path, {
          ...stepCtx,
          scope,
          modules: ctx.modules,
          inventory: ctx.inventory,
        })
      );
    }
  }
  return drafts;
}

async function expandInclude(
  entry: Record<string, unknown>,
  path: PathSegment[],
  parent: ParsedRunbook,
  scope: IncludeScope,
  ctx: LoadContext
): Promise<StepDraft[]> {
  const problems = parent.problems;
  const found = checkSchema(validatorOf(INCLUDE_SCHEMA_SPEC), entry);
  found.forEach((p) =>
    p.isKey ? problems.atKey([...path, ...p.path], p.message) : problems.atValue([...path, ...p.path], p.message)
  );
  if (found.length > 0) return [];
  const include = entry as unknown as RawInclude;
  const whenSites =
    typeof include.when === 'string'
      ? checkSyntax(
          [{ path: [...path, 'when'], text: include.when, isExpression: true, scope: SiteScope.STEP, problems }],
          problems
        )
      : [];
  const absolute = nodePath.resolve(nodePath.dirname(parent.absolute), include.include);
  if (scope.chain.includes(absolute)) {
    const cycle = [...scope.chain.slice(scope.chain.indexOf(absolute)), absolute].map((f) => displayPath(f));
    problems.atValue([...path, 'include'], `include cycle: ${cycle.join(' -> ')}`);
    return [];
  }
  const before = ctx.problems.length;
  const included = await ctx.parse(absolute, ctx);
  if (!included) {
    reportUnreadable(ctx, before, absolute, problems, [...path, 'include']);
    return [];
  }
  const prefix = include.id ?? nodePath.basename(absolute).replace(/\.ya?ml$/, '');
  const inner: IncludeScope = {
    idPrefix: `${scope.idPrefix}${prefix}/`,
    conditions: include.when !== undefined ? [...scope.conditions, include.when] : scope.conditions,
    tags: [...scope.tags, ...toList(include.tags)],
    vars: { ...scope.vars, ...((included.data.vars ?? {}) as Record<string, unknown>), ...(include.vars ?? {}) },
    chain: scope.chain,
  };
  const drafts = await expandSteps(included, inner, ctx);
  // The include's condition joins every included step's; its names are checked once, with the first step.
  drafts[0]?.templates.unshift(...whenSites);
  return drafts;
}

/** A missing include is reported where the include is written, not as a bare file problem. */
function reportUnreadable(
  ctx: LoadContext,
  before: number,
  absolute: string,
  problems: DocumentProblems,
  path: PathSegment[]
): void {
  const file = displayPath(absolute);
  const added = ctx.problems.slice(before);
  const unreadable = added.find((p) => p.file === file && p.line === undefined);
  if (!unreadable) return;
  ctx.problems.splice(ctx.problems.indexOf(unreadable), 1);
  problems.atValue(path, `cannot include ${file}: ${unreadable.message}`);
}
