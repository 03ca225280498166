/** The expression tree the parser builds and the evaluator walks. */

export type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'name'; name: string }
  | { type: 'list'; items: Node[] }
  | { type: 'dict'; entries: Array<[Node, Node]> }
  | { type: 'attribute'; object: Node; name: string }
  | { type: 'index'; object: Node; index: Node }
  | { type: 'slice'; object: Node; start?: Node; stop?: Node }
  | { type: 'unary'; op: '-' | '+' | 'not'; operand: Node }
  | { type: 'binary'; op: BinaryOperator; left: Node; right: Node }
  | { type: 'logical'; op: 'and' | 'or'; left: Node; right: Node }
  | { type: 'compare'; first: Node; rest: Array<[CompareOperator, Node]> }
  | { type: 'conditional'; test: Node; then: Node; otherwise?: Node }
  | { type: 'filter'; input: Node; name: string; args: Arguments; offset: number }
  | { type: 'test'; input: Node; name: string; args: Arguments; isNegated: boolean; offset: number }
  | { type: 'call'; name: string; args: Arguments; offset: number }
  | { type: 'method'; object: Node; name: string; args: Arguments; offset: number };

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '~';
export type CompareOperator = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in';

export interface Arguments {
  positional: Node[];
  keyword: Record<string, Node>;
}

/**
 * A template with block tags, as a tree: text, `{{ output }}`, `{% if %}`, `{% for %}`, `{% set %}`. Every
 * node keeps its source (`{% if x %}`) and offset for messages.
 */
export type BlockNode =
  | { kind: 'text'; text: string }
  | { kind: 'output'; node: Node; source: string; offset: number }
  | { kind: 'if'; branches: IfBranch[]; otherwise: BlockNode[]; source: string; offset: number }
  | {
      kind: 'for';
      targets: string[];
      iterable: Node;
      condition?: Node;
      body: BlockNode[];
      otherwise: BlockNode[];
      source: string;
      offset: number;
    }
  | { kind: 'set'; targets: SetTarget[]; value: Node; source: string; offset: number }
  | { kind: 'set-block'; target: SetTarget; body: BlockNode[]; source: string; offset: number };

export interface IfBranch {
  test: Node;
  body: BlockNode[];
  source: string;
  offset: number;
}

/** `x` in `{% set x = … %}`, or `ns.x` for an attribute of a `namespace()`. */
export interface SetTarget {
  name: string;
  attribute?: string;
}
