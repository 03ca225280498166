/** Rules across steps: unique ids, and template names checked against what earlier steps register. */
import type { Inventory } from '../inventory/types';
import { formatPath } from '../shared/yaml-source';
import type { StepDraft } from './step';
import { baseScopeNames } from './scope-names';
import { checkNames, SiteScope, type NameSet, type TemplateSite } from './template-checks';

export function checkUniqueIds(drafts: readonly StepDraft[]): void {
  const seen = new Map<string, StepDraft>();
  for (const draft of drafts) {
    const first = seen.get(draft.step.id);
    if (first) {
      const where = `${first.problems.file}:${first.step.source.line} ${formatPath(first.path)}`;
      draft.problems.atValue([...draft.path, 'id'], `duplicate step id "${draft.step.id}" (first at ${where})`);
    } else {
      seen.set(draft.step.id, draft);
    }
  }
}

/** Checks every template's names, in step order, so that a register is known only after its step. */
export function checkTemplateNames(
  drafts: readonly StepDraft[],
  runbookVars: Record<string, unknown>,
  inventory: Inventory | undefined
): void {
  const known = baseScopeNames(runbookVars, inventory);
  for (const draft of drafts) {
    for (const site of draft.templates) {
      checkNames(site, withTaskNames(site, draft, known), site.problems ?? draft.problems);
    }
    if (draft.step.register !== undefined) known.add(draft.step.register);
  }
}

/** The names a site sees: the run's, plus the step's include vars and task-level names (read-only view). */
function withTaskNames(site: TemplateSite, draft: StepDraft, known: ReadonlySet<string>): NameSet {
  const extra = new Set(Object.keys(draft.step.vars ?? {}));
  if (site.scope !== SiteScope.STEP && draft.step.hosts !== undefined) extra.add('host');
  if ((site.scope === SiteScope.TASK || site.scope === SiteScope.UNTIL) && draft.step.loop)
    extra.add(draft.step.loop.as);
  if (site.scope === SiteScope.UNTIL && draft.step.register !== undefined) extra.add(draft.step.register);
  return { has: (name) => known.has(name) || extra.has(name), list: () => [...known, ...extra] };
}
