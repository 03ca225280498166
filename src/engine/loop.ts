/**
 * Loop expansion: `loop` renders to a list, and every item gets a stable key for the journal and resume
 * (`loop_key` rendered per item, else the item's `name`, else its index). Duplicate keys get `#index`.
 */
import type { LoopSpec } from '../runbook/types';
import { evaluate, renderValue } from '../template';
import { StepExpressionError } from './errors';
import { withValue } from './scope';

type Dict = Record<string, unknown>;

export interface LoopItem {
  key: string;
  value: unknown;
  /** The task scope with the loop variable set. */
  scope: Dict;
}

function renderItems(loop: LoopSpec, scope: Dict, stepId: string): unknown {
  return typeof loop.items === 'string'
    ? evaluate(loop.items, scope, { stepId, field: 'loop' })
    : renderValue(loop.items, scope, { stepId, field: 'loop' });
}

function keyOf(loop: LoopSpec, value: unknown, index: number, scope: Dict, stepId: string): string {
  if (loop.key !== undefined) {
    const rendered = loop.key.includes('{{')
      ? renderValue(loop.key, scope, { stepId, field: 'loop_key' })
      : evaluate(loop.key, scope, { stepId, field: 'loop_key' });
    return String(rendered);
  }
  const name = (value as Dict | null)?.name;
  if (typeof value === 'object' && value !== null && (typeof name === 'string' || typeof name === 'number')) {
    return String(name);
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return String(index);
}

/** Throws TemplateError (the list or a key cannot be rendered) or StepExpressionError (not a list). */
export function expandLoop(loop: LoopSpec, scope: Dict, stepId: string, target: string | undefined): LoopItem[] {
  const items = renderItems(loop, scope, stepId);
  if (!Array.isArray(items)) {
    const what = items === null ? 'none' : typeof items;
    throw new StepExpressionError(stepId, target, `loop must render to a list, got ${what}`);
  }
  const seen = new Set<string>();
  return items.map((value: unknown, index) => {
    const itemScope = withValue(scope, loop.as, value);
    let key = keyOf(loop, value, index, itemScope, stepId);
    if (seen.has(key)) key = `${key}#${index}`;
    seen.add(key);
    return { key, value, scope: itemScope };
  });
}
