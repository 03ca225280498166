/** Walks an expression tree against a scope. Throws `EvalFailure`; never runs host code. */
import type { Arguments, BinaryOperator, CompareOperator, Node } from './ast';
import { EvalFailure } from './errors';
import { applyFilter } from './filters';
import { applyGuardFilter, GUARD_FILTERS } from './filters/guards';
import { callFunction } from './functions';
import { callMethod } from './methods';
import { applyTest, containsValue, GUARD_TESTS } from './predicates';
import { compareValues, deepEqual, getOwn, isDict, isTruthy, toText, typeName, type Dict } from './values';

const MAX_RANGE = 100_000;

export function evaluateNode(node: Node, scope: Dict): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'name':
      return lookupName(node.name, scope);
    case 'list':
      return node.items.map((item) => evaluateNode(item, scope));
    case 'dict':
      return Object.fromEntries(node.entries.map(([k, v]) => [toText(evaluateNode(k, scope)), evaluateNode(v, scope)]));
    case 'attribute':
      return lookupAttribute(node.object, node.name, scope);
    case 'index':
      return lookupIndex(node.object, node.index, scope);
    case 'slice':
      return sliceValue(node, scope);
    case 'unary':
      return applyUnary(node.op, evaluateNode(node.operand, scope));
    case 'binary':
      return applyBinary(node.op, evaluateNode(node.left, scope), evaluateNode(node.right, scope));
    case 'logical':
      return evaluateLogical(node.op, node.left, node.right, scope);
    case 'compare':
      return evaluateComparison(node.first, node.rest, scope);
    case 'conditional':
      if (isTruthy(evaluateNode(node.test, scope))) return evaluateNode(node.then, scope);
      return node.otherwise ? evaluateNode(node.otherwise, scope) : null;
    case 'filter':
      return evaluateFilter(node.name, node.input, node.args, scope);
    case 'test':
      return evaluateTest(node, scope);
    case 'call': {
      const { args, kwargs } = evaluateArguments(node.args, scope);
      return callFunction(node.name, args, kwargs);
    }
    case 'method':
      return callMethod(evaluateNode(node.object, scope), node.name, evaluateArguments(node.args, scope).args);
  }
}

function lookupName(name: string, scope: Dict): unknown {
  const found = getOwn(scope, name);
  if (!found.isFound) throw new EvalFailure(`undefined variable "${name}"`, name);
  return found.value;
}

/** A readable path for a node (`host.address`, `sites['primary']`) in messages. */
export function describePath(node: Node): string {
  if (node.type === 'name') return node.name;
  if (node.type === 'attribute') return `${describePath(node.object)}.${node.name}`;
  if (node.type === 'index') {
    const index = node.index.type === 'literal' ? JSON.stringify(node.index.value) : describePath(node.index);
    return `${describePath(node.object)}[${index}]`;
  }
  return '(expression)';
}

function listKeys(value: unknown): string {
  if (!isDict(value)) return '';
  const keys = Object.keys(value);
  if (keys.length === 0) return ' (it has no attributes)';
  return ` (known: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''})`;
}

function lookupAttribute(objectNode: Node, name: string, scope: Dict): unknown {
  const object = evaluateNode(objectNode, scope);
  const found = getOwn(object, name);
  if (found.isFound) return found.value;
  const owner = describePath(objectNode);
  const path = `${owner}.${name}`;
  if (object === null) throw new EvalFailure(`${owner} is none, so "${path}" is undefined`, path);
  const keys = listKeys(object);
  throw new EvalFailure(`undefined attribute "${name}" of ${owner}${keys || ` (a ${typeName(object)})`}`, path);
}

function lookupIndex(objectNode: Node, indexNode: Node, scope: Dict): unknown {
  const object = evaluateNode(objectNode, scope);
  const index = evaluateNode(indexNode, scope);
  if (typeof index !== 'string' && typeof index !== 'number') {
    throw new EvalFailure(`cannot index ${describePath(objectNode)} with a ${typeName(index)}`);
  }
  const found = getOwn(object, index);
  if (found.isFound) return found.value;
  const path = `${describePath(objectNode)}[${JSON.stringify(index)}]`;
  if (Array.isArray(object)) {
    throw new EvalFailure(
      `index ${index} is out of range for ${describePath(objectNode)} (length ${object.length})`,
      path
    );
  }
  throw new EvalFailure(
    `undefined key ${JSON.stringify(index)} in ${describePath(objectNode)}${listKeys(object)}`,
    path
  );
}

function sliceValue(node: Extract<Node, { type: 'slice' }>, scope: Dict): unknown {
  const object = evaluateNode(node.object, scope);
  const start = node.start ? evaluateNode(node.start, scope) : undefined;
  const stop = node.stop ? evaluateNode(node.stop, scope) : undefined;
  if ((start !== undefined && typeof start !== 'number') || (stop !== undefined && typeof stop !== 'number')) {
    throw new EvalFailure('slice bounds must be numbers');
  }
  if (typeof object === 'string' || Array.isArray(object)) return object.slice(start, stop);
  throw new EvalFailure(`cannot slice a ${typeName(object)}`);
}

function applyUnary(op: '-' | '+' | 'not', value: unknown): unknown {
  if (op === 'not') return !isTruthy(value);
  if (typeof value !== 'number') throw new EvalFailure(`unary ${op} needs a number, got ${typeName(value)}`);
  return op === '-' ? -value : value;
}

function applyBinary(op: BinaryOperator, left: unknown, right: unknown): unknown {
  if (op === '~') return toText(left) + toText(right);
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (op === '+' && Array.isArray(left) && Array.isArray(right)) return (left as unknown[]).concat(right as unknown[]);
  if (op === '*' && typeof right === 'number' && (typeof left === 'string' || Array.isArray(left))) {
    return repeat(left, right);
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    const hint = op === '+' && (typeof left === 'string' || typeof right === 'string') ? ' (use ~ to join text)' : '';
    throw new EvalFailure(`cannot apply ${op} to ${typeName(left)} and ${typeName(right)}${hint}`);
  }
  return applyArithmetic(op, left, right);
}

function repeat(value: string | unknown[], times: number): unknown {
  const count = Math.max(0, Math.trunc(times));
  if (count * value.length > MAX_RANGE) throw new EvalFailure('repetition result too large');
  return typeof value === 'string' ? value.repeat(count) : Array.from({ length: count }, () => value).flat();
}

function applyArithmetic(op: BinaryOperator, left: number, right: number): number {
  if ((op === '/' || op === '//' || op === '%') && right === 0) throw new EvalFailure('division by zero');
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '//':
      return Math.floor(left / right);
    default:
      return left - right * Math.floor(left / right);
  }
}

function evaluateLogical(op: 'and' | 'or', leftNode: Node, rightNode: Node, scope: Dict): unknown {
  const left = evaluateNode(leftNode, scope);
  if (op === 'and' ? !isTruthy(left) : isTruthy(left)) return left;
  return evaluateNode(rightNode, scope);
}

function evaluateComparison(firstNode: Node, rest: Array<[CompareOperator, Node]>, scope: Dict): boolean {
  let left = evaluateNode(firstNode, scope);
  for (const [op, rightNode] of rest) {
    const right = evaluateNode(rightNode, scope);
    if (!compare(op, left, right)) return false;
    left = right;
  }
  return true;
}

function compare(op: CompareOperator, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
      return containsValue(right, left);
    case 'not in':
      return !containsValue(right, left);
    case '<':
      return compareValues(left, right) < 0;
    case '>':
      return compareValues(left, right) > 0;
    case '<=':
      return compareValues(left, right) <= 0;
    case '>=':
      return compareValues(left, right) >= 0;
  }
}

/** Evaluates a node, turning a missing value into JS undefined (for `default` and `is defined`). */
function evaluateGuarded(node: Node, scope: Dict): unknown {
  try {
    return evaluateNode(node, scope);
  } catch (error) {
    if (error instanceof EvalFailure && error.missing !== undefined) return undefined;
    throw error;
  }
}

function evaluateArguments(args: Arguments, scope: Dict): { args: unknown[]; kwargs: Record<string, unknown> } {
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args.keyword)) kwargs[key] = evaluateNode(value, scope);
  return { args: args.positional.map((arg) => evaluateNode(arg, scope)), kwargs };
}

function evaluateFilter(name: string, inputNode: Node, argNodes: Arguments, scope: Dict): unknown {
  if (GUARD_FILTERS.has(name)) {
    const input = evaluateGuarded(inputNode, scope);
    return applyGuardFilter(input, { name, ...evaluateArguments(argNodes, scope), inputPath: describePath(inputNode) });
  }
  const input = evaluateNode(inputNode, scope);
  return applyFilter(name, input, { name, ...evaluateArguments(argNodes, scope) });
}

function evaluateTest(node: Extract<Node, { type: 'test' }>, scope: Dict): boolean {
  const input = GUARD_TESTS.has(node.name) ? evaluateGuarded(node.input, scope) : evaluateNode(node.input, scope);
  const { args, kwargs } = evaluateArguments(node.args, scope);
  const result = applyTest(node.name, input, args, kwargs);
  return node.isNegated ? !result : result;
}
