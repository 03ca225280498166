/**
 * The lab shell's lexer: words with single and double quotes, backslashes, `$NAME`, `${NAME}`, `$?`, `$$`, `~`,
 * command substitution (`$(...)` and backquotes, parsed recursively), operators (`&&`, `||`, `;`, `|`, newline,
 * `(`, `)`) and redirections (`>`, `>>`, `<`, `N>`, `N>&M`, `&>`). Comments run from an unquoted `#` to the end of
 * the line. Background jobs and here-documents are clear errors.
 */
import { ShellSyntaxError, type Redirect, type Word, type WordPart } from './ast';

export type Token =
  | { type: 'word'; word: Word }
  | { type: 'op'; op: string }
  | { type: 'redirect'; redirect: Redirect };

const OPERATORS = ['&&', '||', ';;', ';', '|', '\n', '(', ')'];

/** Parses a nested script (for command substitution); set by the parser to avoid an import cycle. */
export type NestedParser = (source: string) => WordPart & { substitution: unknown };

export function tokenize(source: string, parseNested: NestedParser): Token[] {
  const lexer = new Lexer(source, parseNested);
  const tokens: Token[] = [];
  for (;;) {
    lexer.skipBlanksAndComments();
    if (lexer.isAtEnd()) return tokens;
    tokens.push(...lexer.readTokens());
  }
}

class Lexer {
  private position = 0;
  constructor(
    private readonly source: string,
    private readonly parseNested: NestedParser
  ) {}

  isAtEnd(): boolean {
    return this.position >= this.source.length;
  }

  skipBlanksAndComments(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\r') this.position += 1;
      else if (char === '\\' && this.peek(1) === '\n') this.position += 2;
      else if (char === '#') while (!this.isAtEnd() && this.peek() !== '\n') this.position += 1;
      else return;
    }
  }

  /** One token, or two for `&>` (which is `>FILE 2>&1`). */
  readTokens(): Token[] {
    const operator = OPERATORS.find((op) => this.source.startsWith(op, this.position));
    if (operator === ';;') throw new ShellSyntaxError('case statements are not supported by the lab shell');
    if (operator) {
      this.position += operator.length;
      return [{ type: 'op', op: operator }];
    }
    const redirects = this.readRedirects();
    if (redirects) return redirects.map((redirect) => ({ type: 'redirect', redirect }));
    if (this.peek() === '&') throw new ShellSyntaxError('background jobs ("&") are not supported by the lab shell');
    return [{ type: 'word', word: this.readWord() }];
  }

  private readRedirects(): Redirect[] | undefined {
    const match = /^(&>>?|(\d?)(>>|>&|>|<<|<))/.exec(this.source.slice(this.position));
    if (!match?.[0]) return undefined;
    this.position += match[0].length;
    if (match[3] === '<<') throw new ShellSyntaxError('here-documents ("<<") are not supported by the lab shell');
    if (match[1]?.startsWith('&>')) {
      const target = this.readRedirectTarget();
      return [
        { fd: 1, op: match[1] === '&>>' ? '>>' : '>', target },
        { fd: 2, op: '>&', target: 1 },
      ];
    }
    const op = match[3] as Redirect['op'];
    const fd = match[2] ? Number(match[2]) : op === '<' ? 0 : 1;
    if (op === '>&') {
      const target = /^\d/.exec(this.source.slice(this.position));
      if (!target) throw new ShellSyntaxError('">&" needs a file descriptor number');
      this.position += 1;
      return [{ fd, op, target: Number(target[0]) }];
    }
    return [{ fd, op, target: this.readRedirectTarget() }];
  }

  private readRedirectTarget(): Word {
    this.skipBlanksAndComments();
    if (this.isAtEnd() || OPERATORS.some((op) => this.source.startsWith(op, this.position))) {
      throw new ShellSyntaxError('a redirection needs a file name');
    }
    return this.readWord();
  }

  private readWord(): Word {
    const parts: Word = [];
    if (this.peek() === '~' && /^(\/|\s|$)/.test(this.source.slice(this.position + 1, this.position + 2))) {
      parts.push({ tilde: true });
      this.position += 1;
    }
    while (!this.isAtEnd() && !/[\s;&|<>()]/.test(this.peek())) this.readWordPiece(parts);
    return parts.length > 0 ? parts : [{ literal: '' }];
  }

  private readWordPiece(parts: Word): void {
    const char = this.peek();
    if (char === "'") {
      const end = this.source.indexOf("'", this.position + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated single quote');
      appendLiteral(parts, this.source.slice(this.position + 1, end), true);
      this.position = end + 1;
    } else if (char === '"') {
      this.position += 1;
      this.readDoubleQuoted(parts);
    } else if (char === '\\') {
      appendLiteral(parts, this.source[this.position + 1] ?? '', true);
      this.position += 2;
    } else if (char === '$' || char === '`') {
      this.readExpansion(parts);
    } else {
      appendLiteral(parts, char, false);
      this.position += 1;
    }
  }

  private readDoubleQuoted(parts: Word): void {
    appendLiteral(parts, '', true);
    for (;;) {
      if (this.isAtEnd()) throw new ShellSyntaxError('unterminated double quote');
      const char = this.peek();
      if (char === '"') {
        this.position += 1;
        return;
      }
      if (char === '\\' && /["\\$`\n]/.test(this.peek(1))) {
        appendLiteral(parts, this.peek(1) === '\n' ? '' : this.peek(1), true);
        this.position += 2;
      } else if (char === '$' || char === '`') {
        this.readExpansion(parts);
      } else {
        appendLiteral(parts, char, true);
        this.position += 1;
      }
    }
  }

  private readExpansion(parts: Word): void {
    if (this.peek() === '`') {
      const end = this.source.indexOf('`', this.position + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated backquote');
      parts.push(this.parseNested(this.source.slice(this.position + 1, end)));
      this.position = end + 1;
      return;
    }
    if (this.peek(1) === '(') {
      const end = findClosingParen(this.source, this.position + 2);
      parts.push(this.parseNested(this.source.slice(this.position + 2, end)));
      this.position = end + 1;
      return;
    }
    const match = /^(\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|([?$#0-9]))/.exec(
      this.source.slice(this.position + 1)
    );
    if (!match) {
      appendLiteral(parts, '$', false);
      this.position += 1;
      return;
    }
    parts.push({ variable: match[2] ?? match[3] ?? match[4] ?? '' });
    this.position += 1 + match[0].length;
  }

  private peek(offset = 0): string {
    return this.source[this.position + offset] ?? '';
  }
}

function appendLiteral(parts: Word, text: string, isQuoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && 'literal' in last && Boolean(last.isQuoted) === isQuoted) last.literal += text;
  else parts.push(isQuoted ? { literal: text, isQuoted } : { literal: text });
}

/** The index of the `)` that closes a `$(` opened before `start`, honouring quotes and nested parentheses. */
function findClosingParen(source: string, start: number): number {
  const stack: { isInDouble: boolean }[] = [{ isInDouble: false }];
  for (let index = start; index < source.length; index += 1) {
    const char = source[index];
    const top = stack[stack.length - 1] as { isInDouble: boolean };
    if (char === '\\') index += 1;
    else if (char === "'" && !top.isInDouble) index = skipSingleQuoted(source, index);
    else if (char === '"') top.isInDouble = !top.isInDouble;
    else if (char === '$' && source[index + 1] === '(') {
      stack.push({ isInDouble: false });
      index += 1;
    } else if (char === '(' && !top.isInDouble) stack.push({ isInDouble: false });
    else if (char === ')' && !top.isInDouble) {
      stack.pop();
      if (stack.length === 0) return index;
    }
  }
  throw new ShellSyntaxError('unterminated command substitution ("$(")');
}

function skipSingleQuoted(source: string, start: number): number {
  const end = source.indexOf("'", start + 1);
  if (end < 0) throw new ShellSyntaxError('unterminated single quote');
  return end;
}
