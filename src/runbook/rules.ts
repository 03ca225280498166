/** Rules across steps: unique ids, and template names checked against what earlier steps register. */
import type { Inventory } from '../inventory/types';
import { formatPath } from '../shared/yaml-source';
import type { StepDraft } from './step';
import { baseScopeNames } from './scope-names';
import { checkNames, SiteScope, type TemplateSite } from './template-checks';

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
    for (const site of draft.templates) checkNames(site, namesFor(site, draft, known), draft.problems);
    if (draft.step.register !== undefined) known.add(draft.step.register);
  }
}

function namesFor(site: TemplateSite, draft: StepDraft, known: ReadonlySet<string>): Set<string> {
  const names = new Set(known);
  Object.keys(draft.step.vars ?? {}).forEach((name) => names.add(name));
  if (site.scope === SiteScope.STEP) return names;
  if (draft.step.hosts !== undefined) names.add('host');
  if (site.scope === SiteScope.TARGET) return names;
  if (draft.step.loop) names.add(draft.step.loop.as);
  if (site.scope === SiteScope.UNTIL && draft.step.register !== undefined) names.add(draft.step.register);
  return names;
}
