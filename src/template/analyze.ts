/** Static facts about an expression tree: the names it needs, and filters/tests/functions that do not exist. */
import type { Arguments, BlockNode, Node } from './ast';
import { describeAlternatives } from '../shared/suggest';
import { isKnownFilter, knownFilterNames, GUARD_FILTERS } from './filters';
import { FUNCTION_NAMES } from './functions';
import { GUARD_TESTS, TESTS } from './predicates';

const FUNCTIONS = new Set<string>(FUNCTION_NAMES);

export interface StaticProblem {
  message: string;
  offset: number;
}

function childrenOf(node: Node): Node[] {
  switch (node.type) {
    case 'literal':
    case 'name':
      return [];
    case 'list':
      return node.items;
    case 'dict':
      return node.entries.flat();
    case 'attribute':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'slice':
      return [node.object, ...(node.start ? [node.start] : []), ...(node.stop ? [node.stop] : [])];
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'compare':
      return [node.first, ...node.rest.map(([, n]) => n)];
    case 'conditional':
      return [node.test, node.then, ...(node.otherwise ? [node.otherwise] : [])];
    case 'filter':
    case 'test':
      return [node.input, ...argumentNodes(node.args)];
    case 'call':
      return argumentNodes(node.args);
    case 'method':
      return [node.object, ...argumentNodes(node.args)];
  }
}

function argumentNodes(args: Arguments): Node[] {
  return [...args.positional, ...Object.values(args.keyword)];
}

/**
 * Whether a node's own input may be missing (`x | default(1)`, `x is defined`). `mandatory` is not: a name it
 * guards that no scope defines is better reported at load time.
 */
function isGuard(node: Node): boolean {
  const isDefaulted = node.type === 'filter' && GUARD_FILTERS.has(node.name) && node.name !== 'mandatory';
  return isDefaulted || (node.type === 'test' && GUARD_TESTS.has(node.name));
}

/** Top-level names the expression needs; names only read under `default()` or `is defined` are left out. */
export function collectNames(node: Node, into: Set<string>): void {
  if (node.type === 'name') {
    into.add(node.name);
    return;
  }
  if (isGuard(node) && (node.type === 'filter' || node.type === 'test')) {
    argumentNodes(node.args).forEach((child) => collectNames(child, into));
    return;
  }
  childrenOf(node).forEach((child) => collectNames(child, into));
}

/** Unknown filters, tests and functions, found without evaluating. */
export function findStaticProblems(node: Node, into: StaticProblem[]): void {
  if (node.type === 'filter' && !isKnownFilter(node.name)) {
    const alternatives = describeAlternatives(node.name, knownFilterNames());
    into.push({ message: `unknown filter "${node.name}"${alternatives}`, offset: node.offset });
  }
  if (node.type === 'test' && !Object.hasOwn(TESTS, node.name)) {
    const known = Object.keys(TESTS).filter((name) => /^[a-z]/.test(name));
    into.push({ message: `unknown test "${node.name}"${describeAlternatives(node.name, known)}`, offset: node.offset });
  }
  if (node.type === 'call' && !FUNCTIONS.has(node.name)) {
    const known = FUNCTION_NAMES.join(', ');
    into.push({ message: `unknown function "${node.name}" (known: ${known})`, offset: node.offset });
  }
  childrenOf(node).forEach((child) => findStaticProblems(child, into));
}

/** Names an expression needs that `bound` (set or loop variables of the template) does not provide. */
function collectFree(node: Node, bound: ReadonlySet<string>, into: Set<string>): void {
  const names = new Set<string>();
  collectNames(node, names);
  for (const name of names) if (!bound.has(name)) into.add(name);
}

/**
 * The names a block template needs from its scope. A `{% set %}` binds its names for what follows it (in a
 * loop body, until the end of the body); a `{% for %}` binds its variables and `loop` in its body.
 */
export function collectBlockNames(body: readonly BlockNode[], into: Set<string>): void {
  walkBlocks(body, new Set(), into);
}

/** `bound` grows with each `{% set %}`: an `if` shares it with what follows, a loop body gets a copy. */
function walkBlocks(body: readonly BlockNode[], bound: Set<string>, into: Set<string>): void {
  for (const node of body) {
    switch (node.kind) {
      case 'text':
        break;
      case 'output':
        collectFree(node.node, bound, into);
        break;
      case 'if':
        for (const branch of node.branches) {
          collectFree(branch.test, bound, into);
          walkBlocks(branch.body, bound, into);
        }
        walkBlocks(node.otherwise, bound, into);
        break;
      case 'for': {
        collectFree(node.iterable, bound, into);
        const inner = new Set([...bound, ...node.targets, 'loop']);
        if (node.condition) collectFree(node.condition, new Set([...bound, ...node.targets]), into);
        walkBlocks(node.body, inner, into);
        walkBlocks(node.otherwise, bound, into);
        break;
      }
      case 'set':
        collectFree(node.value, bound, into);
        for (const target of node.targets) {
          if (target.attribute === undefined) bound.add(target.name);
          else collectFree({ type: 'name', name: target.name }, bound, into);
        }
        break;
      case 'set-block':
        walkBlocks(node.body, new Set(bound), into);
        if (node.target.attribute === undefined) bound.add(node.target.name);
        break;
    }
  }
}
