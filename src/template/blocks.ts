/**
 * Builds the tree of a template with block tags: `{% if %}…{% elif %}…{% else %}…{% endif %}`,
 * `{% for x in xs [if cond] %}…{% else %}…{% endfor %}`, `{% set x = … %}` and `{% set x %}…{% endset %}`.
 * Other Jinja2 tags (macro, include, extends, …) are refused with the list of supported ones.
 */
import type { BlockNode, IfBranch, Node, SetTarget } from './ast';
import { describeAlternatives } from '../shared/suggest';
import { SyntaxFailure } from './errors';
import { TokenKind } from './lexer';
import { describeToken, Parser } from './parser';
import type { Piece } from './scan';

export const SUPPORTED_TAGS = ['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset', 'raw', 'endraw'];
const JINJA_TAGS = [
  'macro',
  'endmacro',
  'call',
  'endcall',
  'filter',
  'endfilter',
  'include',
  'import',
  'from',
  'extends',
  'block',
  'endblock',
  'with',
  'endwith',
  'autoescape',
  'endautoescape',
  'do',
  'break',
  'continue',
  'trans',
  'endtrans',
];

type TagPiece = Extract<Piece, { kind: 'tag' }>;

class BlockParser {
  private position = 0;
  constructor(private readonly pieces: readonly Piece[]) {}

  /** Nodes up to one of `closers` (returned), or to the end when `closers` is empty. */
  parseBody(closers: readonly string[], opener?: TagPiece): { body: BlockNode[]; closer?: TagPiece } {
    const body: BlockNode[] = [];
    while (this.position < this.pieces.length) {
      const piece = this.pieces[this.position++] as Piece;
      if (piece.kind === 'text') body.push({ kind: 'text', text: piece.text });
      else if (piece.kind === 'output') body.push(parseOutput(piece));
      else if (closers.includes(piece.name)) return { body, closer: piece };
      else body.push(this.parseTag(piece));
    }
    if (opener) {
      const end = closers.at(-1) as string;
      throw new SyntaxFailure(`unclosed "${opener.source}" (missing "{% ${end} %}")`, opener.offset);
    }
    return { body };
  }

  private parseTag(piece: TagPiece): BlockNode {
    switch (piece.name) {
      case 'if':
        return this.parseIf(piece);
      case 'for':
        return this.parseFor(piece);
      case 'set':
        return this.parseSet(piece);
      default:
        throw unexpectedTag(piece);
    }
  }

  private parseIf(opener: TagPiece): BlockNode {
    const branches: IfBranch[] = [];
    let current = opener;
    for (;;) {
      const test = parseWhole(current, (p) => p.parseExpression());
      const { body, closer } = this.parseBody(['elif', 'else', 'endif'], opener);
      branches.push({ test, body, source: current.source, offset: current.offset });
      const end = closer as TagPiece;
      if (end.name === 'endif') return this.ifNode(opener, branches, [], end);
      if (end.name === 'else') {
        expectNothing(end);
        const rest = this.parseBody(['endif'], opener);
        return this.ifNode(opener, branches, rest.body, rest.closer as TagPiece);
      }
      current = end;
    }
  }

  private ifNode(opener: TagPiece, branches: IfBranch[], otherwise: BlockNode[], end: TagPiece): BlockNode {
    expectNothing(end);
    return { kind: 'if', branches, otherwise, source: opener.source, offset: opener.offset };
  }

  private parseFor(opener: TagPiece): BlockNode {
    const head = parseWhole(opener, (p) => {
      const targets = [p.expectName('a loop variable after "for"', true)];
      while (p.accept(',')) targets.push(p.expectName('a loop variable after ","', true));
      p.expect('in');
      const iterable = p.parseExpression(false);
      const condition = p.accept('if') ? p.parseExpression(false) : undefined;
      if (p.isAt('recursive')) throw new SyntaxFailure('recursive loops are not supported', p.peek().offset);
      return { targets, iterable, condition };
    });
    const { body, closer } = this.parseBody(['else', 'endfor'], opener);
    let otherwise: BlockNode[] = [];
    let end = closer as TagPiece;
    if (end.name === 'else') {
      expectNothing(end);
      const rest = this.parseBody(['endfor'], opener);
      otherwise = rest.body;
      end = rest.closer as TagPiece;
    }
    expectNothing(end);
    const { targets, iterable, condition } = head;
    return {
      kind: 'for',
      targets,
      iterable,
      ...(condition ? { condition } : {}),
      body,
      otherwise,
      source: opener.source,
      offset: opener.offset,
    };
  }

  private parseSet(opener: TagPiece): BlockNode {
    const parser = new Parser(opener.tokens);
    const targets = [readSetTarget(parser)];
    while (parser.accept(',')) targets.push(readSetTarget(parser));
    const where = { source: opener.source, offset: opener.offset };
    if (parser.peek().kind === TokenKind.END && targets.length === 1) {
      const { body, closer } = this.parseBody(['endset'], opener);
      expectNothing(closer as TagPiece);
      return { kind: 'set-block', target: targets[0] as SetTarget, body, ...where };
    }
    parser.expect('=');
    const value = parser.parseExpression();
    expectEnd(parser);
    return { kind: 'set', targets, value, ...where };
  }
}

function readSetTarget(parser: Parser): SetTarget {
  const name = parser.expectName('a variable name after "set"', true);
  if (!parser.accept('.')) return { name };
  return { name, attribute: parser.expectName('an attribute name after "."') };
}

function parseOutput(piece: Extract<Piece, { kind: 'output' }>): BlockNode {
  const parser = new Parser(piece.tokens);
  if (parser.peek().kind === TokenKind.END) throw new SyntaxFailure('empty expression', parser.peek().offset);
  const node = parser.parseExpression();
  expectEnd(parser);
  return { kind: 'output', node, source: piece.source, offset: piece.offset };
}

function parseWhole<T>(piece: TagPiece, read: (parser: Parser) => T): T {
  const parser = new Parser(piece.tokens);
  if (parser.peek().kind === TokenKind.END) {
    throw new SyntaxFailure(`"{% ${piece.name} %}" needs an expression`, parser.peek().offset);
  }
  const result = read(parser);
  expectEnd(parser);
  return result;
}

function expectEnd(parser: Parser): void {
  const rest = parser.peek();
  if (rest.kind !== TokenKind.END) throw new SyntaxFailure(`unexpected ${describeToken(rest)}`, rest.offset);
}

function expectNothing(piece: TagPiece): void {
  const rest = piece.tokens[0];
  if (rest && rest.kind !== TokenKind.END) {
    throw new SyntaxFailure(`"{% ${piece.name} %}" takes nothing, found ${describeToken(rest)}`, rest.offset);
  }
}

function unexpectedTag(piece: TagPiece): SyntaxFailure {
  const { name, offset } = piece;
  if (SUPPORTED_TAGS.includes(name)) {
    return new SyntaxFailure(`unexpected "${piece.source}" (no open block it belongs to)`, offset);
  }
  const supported = SUPPORTED_TAGS.join(', ');
  if (JINJA_TAGS.includes(name)) {
    return new SyntaxFailure(`the Jinja2 tag "${name}" is not supported (supported: ${supported})`, offset);
  }
  const hint = describeAlternatives(name, SUPPORTED_TAGS).replace(/ \(known: .*\)$/, ` (supported: ${supported})`);
  return new SyntaxFailure(`unknown tag "${name}"${hint}`, offset);
}

/** The tree of the pieces; throws SyntaxFailure (with the offset) for a misplaced, unknown or unclosed tag. */
export function parseBlocks(pieces: readonly Piece[]): BlockNode[] {
  return new BlockParser(pieces).parseBody([]).body;
}

/** Every expression of a tree (for static checks). */
export function blockExpressions(body: readonly BlockNode[]): Node[] {
  return body.flatMap((node): Node[] => {
    switch (node.kind) {
      case 'text':
        return [];
      case 'output':
        return [node.node];
      case 'if':
        return [
          ...node.branches.flatMap((b) => [b.test, ...blockExpressions(b.body)]),
          ...blockExpressions(node.otherwise),
        ];
      case 'for':
        return [
          node.iterable,
          ...(node.condition ? [node.condition] : []),
          ...blockExpressions(node.body),
          ...blockExpressions(node.otherwise),
        ];
      case 'set':
        return [node.value];
      case 'set-block':
        return blockExpressions(node.body);
    }
  });
}
