/** One step as written -> checked (schema, module, selector, durations, templates) -> a `Step`. */
import type { Inventory } from '../inventory/types';
import { checkSelector, checkSelectorSyntax } from '../inventory/select';
import { parseDuration } from '../shared/duration';
import type { DocumentProblems } from '../shared/problems';
import { checkSchema } from '../shared/schema-problems';
import { validatorOf } from '../shared/validators';
import type { PathSegment, PositionMap } from '../shared/yaml-source';
import { isTemplate } from '../template';
import type { ModuleSchemaEntry } from './module-args';
import { toList, type IncludeScope, type RawStep } from './raw';
import { checkStepArgs, findStepModule } from './step-module';
import { checkSyntax, collectTemplates, SiteScope, type TemplateSite } from './template-checks';
import { checkTemplateFiles } from './template-files';
import type { Step } from './types';
import { STEP_SCHEMA_SPEC } from './validators';

export interface StepContext {
  file: string;
  /** The directory of the runbook file: local paths in arguments resolve here. */
  baseDir: string;
  positions: PositionMap;
  problems: DocumentProblems;
  scope: IncludeScope;
  modules: Record<string, ModuleSchemaEntry> | undefined;
  inventory: Inventory | undefined;
}

/** A step with what later checks need: where it is written and its templates. */
export interface StepDraft {
  step: Step;
  path: PathSegment[];
  problems: DocumentProblems;
  templates: TemplateSite[];
}

const DEFAULT_UNTIL_RETRIES = 3;
const DEFAULT_DELAY_MS = 5000;

export function processStep(entry: Record<string, unknown>, path: PathSegment[], ctx: StepContext): StepDraft {
  const { problems } = ctx;
  const before = problems.sink.length;
  for (const p of checkSchema(validatorOf(STEP_SCHEMA_SPEC), entry)) {
    if (p.isKey) problems.atKey([...path, ...p.path], p.message);
    else problems.atValue([...path, ...p.path], p.message);
  }
  const isSchemaValid = problems.sink.length === before;
  const module = findStepModule(entry, path, ctx.modules, problems);
  if (module) checkStepArgs(entry, module, path, ctx.modules, problems);
  if (module) checkTemplateFiles(entry[module], ctx.modules?.[module], ctx.baseDir, problems);
  const raw = entry as RawStep;
  if (isSchemaValid) {
    checkHosts(raw, path, ctx);
    checkDurations(raw, path, problems);
  }
  const templates = isSchemaValid ? checkSyntax(collectStepTemplates(raw, module, path), problems) : [];
  return { step: buildStep(raw, module ?? '', path, ctx), path, problems, templates };
}

function hostsText(hosts: string | string[] | undefined): string | undefined {
  return hosts === undefined ? undefined : toList(hosts).join(', ');
}

function checkHosts(raw: RawStep, path: PathSegment[], ctx: StepContext): void {
  const selector = hostsText(raw.hosts);
  if (selector === undefined || isTemplate(selector)) return;
  const found = ctx.inventory ? checkSelector(selector, ctx.inventory) : checkSelectorSyntax(selector);
  found.forEach((message) => ctx.problems.atValue([...path, 'hosts'], message));
}

function checkDurations(raw: RawStep, path: PathSegment[], problems: DocumentProblems): void {
  for (const key of ['delay', 'timeout'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const ms = parseDuration(value);
    if (ms === undefined) {
      problems.atValue([...path, key], `must be a duration like 90s, 5m or 1h30m, got ${JSON.stringify(value)}`);
    } else if (ms === 0) {
      problems.atValue([...path, key], `cannot be 0${key === 'delay' ? ' (leave it out for the 5s default)' : ''}`);
    }
  }
  if (raw.delay !== undefined && raw.retries === undefined && raw.until === undefined) {
    problems.atKey([...path, 'delay'], 'has no effect without retries or until');
  }
}

function collectStepTemplates(raw: RawStep, module: string | undefined, path: PathSegment[]): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const add = (key: string, scope: SiteScope, isExpression: boolean): void => {
    const value = raw[key];
    if (typeof value !== 'string') return;
    if (isExpression || isTemplate(value)) sites.push({ path: [...path, key], text: value, isExpression, scope });
  };
  add('when', SiteScope.TASK, true);
  add('until', SiteScope.UNTIL, true);
  add('loop', SiteScope.TARGET, true);
  add('loop_key', SiteScope.TASK, !isTemplate(String(raw.loop_key ?? '')));
  add('confirm', SiteScope.STEP, false);
  if (typeof raw.hosts === 'string') add('hosts', SiteScope.STEP, false);
  if (Array.isArray(raw.loop)) collectTemplates(raw.loop, [...path, 'loop'], SiteScope.TARGET, sites);
  if (module) collectTemplates(raw[module], [...path, module], SiteScope.TASK, sites);
  return sites;
}

/** `(a) and (b)` from conditions written bare or as `{{ … }}`. */
export function combineConditions(conditions: ReadonlyArray<string | boolean>): string | undefined {
  const texts = conditions.map((c) => (typeof c === 'boolean' ? String(c) : c));
  if (texts.length <= 1) return texts[0];
  return texts.map((text) => `(${/^\s*\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1]?.trim() ?? text.trim()})`).join(' and ');
}

function buildStep(raw: RawStep, module: string, path: PathSegment[], ctx: StepContext): Step {
  const { scope } = ctx;
  const point = ctx.positions.valueAt(path);
  const when = combineConditions([...scope.conditions, ...(raw.when !== undefined ? [raw.when] : [])]);
  const hosts = hostsText(raw.hosts);
  const hasRetry = raw.retries !== undefined || raw.until !== undefined;
  const tags = [...new Set([...scope.tags, ...toList(raw.tags)])];
  return {
    id: `${scope.idPrefix}${raw.id}`,
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    module,
    args: raw[module] ?? {},
    ...(hosts !== undefined ? { hosts } : {}),
    ...(when !== undefined ? { when } : {}),
    ...(raw.loop !== undefined
      ? {
          loop: {
            items: raw.loop,
            as: raw.loop_var ?? 'item',
            ...(raw.loop_key !== undefined ? { key: raw.loop_key } : {}),
          },
        }
      : {}),
    ...(raw.register !== undefined ? { register: raw.register } : {}),
    ...(hasRetry
      ? {
          retry: {
            retries: raw.retries ?? DEFAULT_UNTIL_RETRIES,
            delayMs: raw.delay !== undefined ? (parseDuration(raw.delay) ?? DEFAULT_DELAY_MS) : DEFAULT_DELAY_MS,
            ...(raw.until !== undefined ? { until: String(raw.until) } : {}),
          },
        }
      : {}),
    ...(raw.timeout !== undefined ? { timeoutMs: parseDuration(raw.timeout) } : {}),
    ignoreErrors: raw.ignore_errors ?? false,
    ...(raw.confirm !== undefined ? { confirm: raw.confirm } : {}),
    tags,
    ...(raw.parallel !== undefined ? { parallel: raw.parallel } : {}),
    ...(raw.no_log === true ? { isNoLog: true } : {}),
    ...(Object.keys(scope.vars).length > 0 ? { vars: scope.vars } : {}),
    source: { file: ctx.file, line: point.line, column: point.column },
  };
}
