/**
 * A recursive-descent parser for Jinja-like expressions, with Jinja's precedence:
 * conditional < or < and < not < comparison < + - < ~ < * / // % < unary < filters/tests < postfix < primary.
 */
import type { Arguments, BinaryOperator, CompareOperator, Node } from './ast';
import { SyntaxFailure } from './errors';
import { TokenKind, type Token } from './lexer';

const CONSTANTS: Record<string, unknown> = {
  true: true,
  True: true,
  false: false,
  False: false,
  none: null,
  None: null,
  null: null,
};
const COMPARE_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=']);
/** Words that cannot name a variable. */
export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

export function parseTokens(tokens: Token[]): Node {
  const parser = new Parser(tokens);
  if (parser.peek().kind === TokenKind.END) throw new SyntaxFailure('empty expression', parser.peek().offset);
  const node = parser.parseExpression();
  const rest = parser.peek();
  if (rest.kind !== TokenKind.END) throw new SyntaxFailure(`unexpected ${describeToken(rest)}`, rest.offset);
  return node;
}

export function describeToken(token: Token): string {
  if (token.kind === TokenKind.END) return 'end of expression';
  if (token.kind === TokenKind.STRING) return 'string';
  if (token.value === '=') return '"=" (did you mean "=="?)';
  return `"${token.value}"`;
}

/** The token reader and expression grammar; block tags (blocks.ts) read their own syntax with it. */
export class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== TokenKind.END) this.position++;
    return token;
  }

  isAt(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (token.kind === TokenKind.OPERATOR || token.kind === TokenKind.NAME) && token.value === value;
  }

  accept(value: string): boolean {
    if (!this.isAt(value)) return false;
    this.position++;
    return true;
  }

  expect(value: string): void {
    if (!this.accept(value)) {
      const token = this.peek();
      throw new SyntaxFailure(`expected "${value}" but found ${describeToken(token)}`, token.offset);
    }
  }

  /** An expression; without `isConditionalAllowed`, a trailing `if` is left for the caller (`for x in y if z`). */
  parseExpression(isConditionalAllowed = true): Node {
    const node = this.parseOr();
    if (!isConditionalAllowed || !this.accept('if')) return node;
    const test = this.parseOr();
    if (!this.accept('else')) return { type: 'conditional', test, then: node };
    return { type: 'conditional', test, then: node, otherwise: this.parseExpression() };
  }

  private parseOr(): Node {
    let node = this.parseAnd();
    while (this.accept('or')) node = { type: 'logical', op: 'or', left: node, right: this.parseAnd() };
    return node;
  }

  private parseAnd(): Node {
    let node = this.parseNot();
    while (this.accept('and')) node = { type: 'logical', op: 'and', left: node, right: this.parseNot() };
    return node;
  }

  private parseNot(): Node {
    if (this.accept('not')) return { type: 'unary', op: 'not', operand: this.parseNot() };
    return this.parseCompare();
  }

  private parseCompare(): Node {
    const first = this.parseAdditive();
    const rest: Array<[CompareOperator, Node]> = [];
    for (let op = this.acceptCompareOperator(); op; op = this.acceptCompareOperator()) {
      rest.push([op, this.parseAdditive()]);
    }
    return rest.length === 0 ? first : { type: 'compare', first, rest };
  }

  private acceptCompareOperator(): CompareOperator | undefined {
    const token = this.peek();
    if (token.kind === TokenKind.OPERATOR && COMPARE_OPERATORS.has(token.value)) {
      this.position++;
      return token.value as CompareOperator;
    }
    if (this.accept('in')) return 'in';
    if (this.isAt('not') && this.isAt('in', 1)) {
      this.position += 2;
      return 'not in';
    }
    return undefined;
  }

  private parseAdditive(): Node {
    let node = this.parseConcat();
    while (this.isAt('+') || this.isAt('-')) {
      const op = this.next().value as BinaryOperator;
      node = { type: 'binary', op, left: node, right: this.parseConcat() };
    }
    return node;
  }

  private parseConcat(): Node {
    let node = this.parseMultiplicative();
    while (this.accept('~')) node = { type: 'binary', op: '~', left: node, right: this.parseMultiplicative() };
    return node;
  }

  private parseMultiplicative(): Node {
    let node = this.parseUnary();
    while (this.isAt('*') || this.isAt('/') || this.isAt('//') || this.isAt('%')) {
      const op = this.next().value as BinaryOperator;
      node = { type: 'binary', op, left: node, right: this.parseUnary() };
    }
    return node;
  }

  /** As in Jinja, filters apply to the whole unary: `-3 | abs` is 3. */
  private parseUnary(isWithFilters = true): Node {
    let node: Node;
    if (this.isAt('-') || this.isAt('+')) {
      const op = this.next().value as '-' | '+';
      node = { type: 'unary', op, operand: this.parseUnary(false) };
    } else {
      node = this.parsePostfix(this.parsePrimary());
    }
    return isWithFilters ? this.parseFiltersAndTests(node) : node;
  }

  private parseFiltersAndTests(input: Node): Node {
    let node = input;
    for (;;) {
      if (this.accept('|')) {
        const offset = this.peek().offset;
        const name = this.expectName('a filter name');
        node = { type: 'filter', input: node, name, args: this.parseOptionalArguments(), offset };
      } else if (this.accept('is')) {
        const isNegated = this.accept('not');
        const offset = this.peek().offset;
        const name = this.expectName('a test name after "is"');
        node = { type: 'test', input: node, name, args: this.parseTestArguments(), isNegated, offset };
      } else {
        return node;
      }
    }
  }

  /** A name; with `isVariable`, not a keyword (`for in …`). */
  expectName(what: string, isVariable = false): string {
    const token = this.peek();
    if (token.kind !== TokenKind.NAME || (isVariable && KEYWORDS.has(token.value))) {
      throw new SyntaxFailure(`expected ${what} but found ${describeToken(token)}`, token.offset);
    }
    this.position++;
    return token.value;
  }

  private parseTestArguments(): Arguments {
    if (this.isAt('(')) return this.parseOptionalArguments();
    const token = this.peek();
    const isOperand = token.kind === TokenKind.NUMBER || token.kind === TokenKind.STRING;
    return isOperand ? { positional: [this.parsePrimary()], keyword: {} } : { positional: [], keyword: {} };
  }

  private parseOptionalArguments(): Arguments {
    const args: Arguments = { positional: [], keyword: {} };
    if (!this.accept('(')) return args;
    while (!this.accept(')')) {
      if (this.peek().kind === TokenKind.NAME && this.isAt('=', 1)) {
        const key = this.next().value;
        this.position++;
        args.keyword[key] = this.parseExpression();
      } else {
        if (Object.keys(args.keyword).length > 0) {
          throw new SyntaxFailure('positional argument after keyword argument', this.peek().offset);
        }
        args.positional.push(this.parseExpression());
      }
      if (!this.isAt(')')) this.expect(',');
    }
    return args;
  }

  private parsePostfix(input: Node): Node {
    let node = input;
    for (;;) {
      if (this.accept('.')) {
        const token = this.next();
        if (token.kind !== TokenKind.NAME && !(token.kind === TokenKind.NUMBER && /^\d+$/.test(token.value))) {
          throw new SyntaxFailure(
            `expected an attribute name after "." but found ${describeToken(token)}`,
            token.offset
          );
        }
        node = this.isAt('(')
          ? {
              type: 'method',
              object: node,
              name: token.value,
              args: this.parseOptionalArguments(),
              offset: token.offset,
            }
          : { type: 'attribute', object: node, name: token.value };
      } else if (this.accept('[')) {
        node = this.parseSubscript(node);
      } else {
        return node;
      }
    }
  }

  private parseSubscript(object: Node): Node {
    const start = this.isAt(':') ? undefined : this.parseExpression();
    if (!this.accept(':')) {
      this.expect(']');
      return { type: 'index', object, index: start as Node };
    }
    const stop = this.isAt(']') ? undefined : this.parseExpression();
    this.expect(']');
    return { type: 'slice', object, ...(start ? { start } : {}), ...(stop ? { stop } : {}) };
  }

  private parsePrimary(): Node {
    const token = this.next();
    switch (token.kind) {
      case TokenKind.NUMBER:
        return { type: 'literal', value: Number(token.value) };
      case TokenKind.STRING:
        return this.parseAdjacentStrings(token.value);
      case TokenKind.NAME:
        return this.parseName(token);
      case TokenKind.OPERATOR:
        return this.parseBracketed(token);
      default:
        throw new SyntaxFailure(`unexpected ${describeToken(token)}`, token.offset);
    }
  }

  private parseAdjacentStrings(first: string): Node {
    let value = first;
    while (this.peek().kind === TokenKind.STRING) value += this.next().value;
    return { type: 'literal', value };
  }

  private parseName(token: Token): Node {
    if (Object.hasOwn(CONSTANTS, token.value)) return { type: 'literal', value: CONSTANTS[token.value] };
    if (KEYWORDS.has(token.value)) {
      throw new SyntaxFailure(`unexpected "${token.value}"`, token.offset);
    }
    if (this.isAt('(')) {
      return { type: 'call', name: token.value, args: this.parseOptionalArguments(), offset: token.offset };
    }
    return { type: 'name', name: token.value };
  }

  private parseBracketed(token: Token): Node {
    if (token.value === '(') {
      const node = this.parseExpression();
      if (this.accept(')')) return node;
      // A tuple, `('a', 'b')`: a list here.
      this.expect(',');
      return { type: 'list', items: [node, ...this.parseSequence(')', () => this.parseExpression())] };
    }
    if (token.value === '[') return { type: 'list', items: this.parseSequence(']', () => this.parseExpression()) };
    if (token.value === '{') return { type: 'dict', entries: this.parseSequence('}', () => this.parseEntry()) };
    throw new SyntaxFailure(`unexpected ${describeToken(token)}`, token.offset);
  }

  private parseEntry(): [Node, Node] {
    const key = this.parseExpression();
    this.expect(':');
    return [key, this.parseExpression()];
  }

  private parseSequence<T>(closer: string, parseItem: () => T): T[] {
    const items: T[] = [];
    while (!this.accept(closer)) {
      items.push(parseItem());
      if (!this.isAt(closer)) this.expect(',');
    }
    return items;
  }
}
