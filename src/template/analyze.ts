/** Static facts about an expression tree: the names it needs, and filters/tests/functions that do not exist. */
import type { Arguments, Node } from './ast';
import { describeAlternatives } from '../shared/suggest';
import { isKnownFilter, knownFilterNames, GUARD_FILTERS } from './filters';
import { GUARD_TESTS, TESTS } from './predicates';

const FUNCTIONS = new Set(['range']);

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
  }
}

function argumentNodes(args: Arguments): Node[] {
  return [...args.positional, ...Object.values(args.keyword)];
}

/** Whether a node's own input may be missing (`x | default(1)`, `x is defined`). */
function isGuard(node: Node): boolean {
  return (
    (node.type === 'filter' && GUARD_FILTERS.has(node.name)) || (node.type === 'test' && GUARD_TESTS.has(node.name))
  );
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
    into.push({ message: `unknown function "${node.name}" (known: range)`, offset: node.offset });
  }
  childrenOf(node).forEach((child) => findStaticProblems(child, into));
}
