/**
 * Renders a block tree to text. Scoping follows Jinja2: `{% set %}` at the top or inside `{% if %}` is seen by
 * what follows; inside `{% for %}` it lasts one iteration; only a `namespace()` carries values out of a loop.
 */
import type { BlockNode, SetTarget } from './ast';
import { EvalFailure } from './errors';
import { evaluateNode } from './evaluate';
import { isNamespace } from './functions';
import { LOOP_OBJECTS } from './methods';
import { expectList, isDict, isTruthy, toText, typeName, type Dict } from './values';

/** An evaluation failure, with the tag or `{{ }}` it happened in. */
export class PlacedFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly source: string,
    readonly offset: number
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'PlacedFailure';
  }
}

/** Most characters a template may produce (a loop over a huge list cannot exhaust memory). */
const MAX_OUTPUT = 16 * 1024 * 1024;

export function renderBlocks(body: readonly BlockNode[], scope: Dict): string {
  const out: string[] = [];
  renderInto(body, { ...scope }, out, { size: 0 });
  return out.join('');
}

interface Budget {
  size: number;
}

function renderInto(body: readonly BlockNode[], frame: Dict, out: string[], budget: Budget): void {
  for (const node of body) {
    if (node.kind === 'text') emit(node.text, out, budget);
    else if (node.kind === 'output') emit(toText(evaluateAt(node, () => evaluateNode(node.node, frame))), out, budget);
    else if (node.kind === 'if') renderIf(node, frame, out, budget);
    else if (node.kind === 'for') renderFor(node, frame, out, budget);
    else if (node.kind === 'set') assignAll(node, frame);
    else assign(node.target, renderBlocks(node.body, frame), frame, node);
  }
}

function emit(text: string, out: string[], budget: Budget): void {
  budget.size += text.length;
  if (budget.size > MAX_OUTPUT) throw new EvalFailure(`the rendered text exceeds ${MAX_OUTPUT} characters`);
  out.push(text);
}

function evaluateAt<T>(where: { source: string; offset: number }, evaluate: () => T): T {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof PlacedFailure) throw error;
    throw new PlacedFailure(error, where.source, where.offset);
  }
}

function renderIf(node: Extract<BlockNode, { kind: 'if' }>, frame: Dict, out: string[], budget: Budget): void {
  for (const branch of node.branches) {
    if (isTruthy(evaluateAt(branch, () => evaluateNode(branch.test, frame)))) {
      renderInto(branch.body, frame, out, budget);
      return;
    }
  }
  renderInto(node.otherwise, frame, out, budget);
}

function renderFor(node: Extract<BlockNode, { kind: 'for' }>, frame: Dict, out: string[], budget: Budget): void {
  const items = evaluateAt(node, () => [...expectList(evaluateNode(node.iterable, frame), 'for')]);
  const kept = node.condition
    ? items.filter((item) => isTruthy(evaluateAt(node, () => evaluateNode(node.condition!, bind(node, frame, item)))))
    : items;
  if (kept.length === 0) {
    renderInto(node.otherwise, frame, out, budget);
    return;
  }
  kept.forEach((item, index) => {
    const inner = bind(node, frame, item);
    inner.loop = loopObject(kept, index);
    renderInto(node.body, inner, out, budget);
  });
}

/** A copy of `frame` with the loop variables bound to `item` (unpacked when there are several). */
function bind(node: Extract<BlockNode, { kind: 'for' }>, frame: Dict, item: unknown): Dict {
  const inner: Dict = { ...frame };
  if (node.targets.length === 1) {
    inner[node.targets[0] as string] = item;
    return inner;
  }
  const values = evaluateAt(node, () => unpack(item, node.targets.length));
  node.targets.forEach((name, i) => (inner[name] = values[i]));
  return inner;
}

function unpack(item: unknown, count: number): unknown[] {
  if (!Array.isArray(item) || item.length !== count) {
    const got = Array.isArray(item) ? `${item.length} values` : `a ${typeName(item)}`;
    throw new EvalFailure(`cannot unpack ${got} into ${count} loop variables`);
  }
  return item;
}

function loopObject(items: readonly unknown[], index: number): Dict {
  const length = items.length;
  const loop: Dict = {
    index: index + 1,
    index0: index,
    revindex: length - index,
    revindex0: length - index - 1,
    first: index === 0,
    last: index === length - 1,
    length,
    depth: 1,
    depth0: 0,
    ...(index > 0 ? { previtem: items[index - 1] } : {}),
    ...(index < length - 1 ? { nextitem: items[index + 1] } : {}),
  };
  LOOP_OBJECTS.add(loop);
  return loop;
}

function assignAll(node: Extract<BlockNode, { kind: 'set' }>, frame: Dict): void {
  const value = evaluateAt(node, () => evaluateNode(node.value, frame));
  if (node.targets.length === 1) {
    assign(node.targets[0] as SetTarget, value, frame, node);
    return;
  }
  const values = evaluateAt(node, () => unpack(value, node.targets.length));
  node.targets.forEach((target, i) => assign(target, values[i], frame, node));
}

function assign(target: SetTarget, value: unknown, frame: Dict, where: { source: string; offset: number }): void {
  if (target.attribute === undefined) {
    frame[target.name] = value;
    return;
  }
  const object = frame[target.name];
  if (!isDict(object) || !isNamespace(object)) {
    const failure = new EvalFailure(
      `cannot set ${target.name}.${target.attribute}: only a namespace() takes attributes (set ns = namespace(…) first)`
    );
    throw new PlacedFailure(failure, where.source, where.offset);
  }
  object[target.attribute] = value;
}
