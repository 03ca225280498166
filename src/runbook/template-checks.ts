/**
 * Static template checks: syntax, and names no scope will define (`undefined variable "hots"`). The engine
 * renders the same strings later; catching these at load time saves a failed run.
 */
import { describeAlternatives } from '../shared/suggest';
import type { DocumentProblems } from '../shared/problems';
import type { PathSegment } from '../shared/yaml-source';
import { checkExpressionSyntax, checkTemplateSyntax, isTemplate, referencedNames, templateExcerpt } from '../template';

/** Which task-level names a string can see. */
export const SiteScope = {
  /** Rendered once per step (hosts, confirm): no host, no loop variable. */
  STEP: 'step',
  /** Rendered per target before looping (loop): `host`. */
  TARGET: 'target',
  /** Rendered per task (when, args, loop_key): `host` and the loop variable. */
  TASK: 'task',
  /** `until`: like TASK, plus the step's own register. */
  UNTIL: 'until',
} as const;
export type SiteScope = (typeof SiteScope)[keyof typeof SiteScope];

export interface TemplateSite {
  path: PathSegment[];
  text: string;
  /** A condition (bare expression or one `{{ }}`), not text with templates. */
  isExpression: boolean;
  scope: SiteScope;
  /** Where to report problems when not in the step's own file (an include's `when`). */
  problems?: DocumentProblems;
}

/** Every templated string in a value (module arguments), with its path. */
export function collectTemplates(value: unknown, path: PathSegment[], scope: SiteScope, into: TemplateSite[]): void {
  if (typeof value === 'string') {
    if (isTemplate(value)) into.push({ path, text: value, isExpression: false, scope });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collectTemplates(item, [...path, i], scope, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collectTemplates(item, [...path, key], scope, into);
  }
}

/** Reports syntax errors; returns the sites that parse (only those get name checks). */
export function checkSyntax(sites: readonly TemplateSite[], problems: DocumentProblems): TemplateSite[] {
  return sites.filter((site) => {
    const problem = site.isExpression ? checkExpressionSyntax(site.text) : checkTemplateSyntax(site.text);
    if (problem) {
      const shown = JSON.stringify(templateExcerpt(site.text, problem.offset));
      problems.atValueOffset(
        site.path,
        site.text,
        problem.offset,
        `template syntax error: ${problem.message} in ${shown}`
      );
    }
    return problem === undefined;
  });
}

/** Why a task-level name is missing where it is used. */
const TASK_NAME_HINTS: Record<string, string> = {
  host: ' (only a step with hosts: has a host; this one runs once)',
  item: ' (only a step with loop: has an item)',
};

/** The names a template may use; `list` only for suggestions. */
export interface NameSet {
  has(name: string): boolean;
  list(): string[];
}

/** Reports names a site uses that `known` does not define. */
export function checkNames(site: TemplateSite, known: NameSet, problems: DocumentProblems): void {
  for (const name of referencedNames(site.text)) {
    if (known.has(name)) continue;
    const alternatives =
      TASK_NAME_HINTS[name] ?? describeAlternatives(name, known.list()).replace(/ \(known: .*\)$/, '');
    problems.atValue(site.path, `undefined variable "${name}"${alternatives} in ${JSON.stringify(site.text)}`);
  }
}
