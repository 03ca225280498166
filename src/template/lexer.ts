/**
 * Splits one expression (the inside of `{{ … }}` or `{% … %}`) into tokens. Offsets are positions in the whole
 * template text.
 */
import { SyntaxFailure } from './errors';

export const TokenKind = {
  NUMBER: 'number',
  STRING: 'string',
  NAME: 'name',
  OPERATOR: 'operator',
  END: 'end',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  kind: TokenKind;
  /** The operator or name text, the decoded string, or the number's source text. */
  value: string;
  offset: number;
}

export interface LexResult {
  tokens: Token[];
  /** Offset just past the closing `}}` or `%}` (or the end of the text for a bare expression). */
  end: number;
  /** Whitespace control: the closer was written `-}}` or `-%}` (strip the whitespace that follows). */
  isTrimAfter: boolean;
}

/** What closes a delimited expression: `}}` for `{{ … }}`, `%}` for a block tag. */
export type Closer = '}}' | '%}';

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '//',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '|',
  '.',
  ',',
  ':',
  '(',
  ')',
];
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/**
 * Tokenizes from `start`. With a `closer`, stops at the `}}` or `%}` that closes the expression (a `-` just
 * before it is whitespace control); otherwise reads to the end of the text.
 */
export function lexExpression(text: string, start: number, closer?: Closer, openAt = start - 2): LexResult {
  const tokens: Token[] = [];
  const open: Token[] = [];
  let i = start;
  while (i < text.length) {
    const ch = text[i] as string;
    const isInDict = open.at(-1)?.value === '{';
    if (/\s/.test(ch)) {
      i++;
    } else if (closer !== undefined && !isInDict && text.startsWith(closer, i + (ch === '-' ? 1 : 0))) {
      const at = ch === '-' ? i + 1 : i;
      return finish(tokens, open, i, at + 2, ch === '-');
    } else if (ch === '}' && !isInDict) {
      throw new SyntaxFailure('unexpected "}"', i);
    } else if (ch === '"' || ch === "'") {
      i = readString(text, i, tokens);
    } else if (/[0-9]/.test(ch)) {
      i = readNumber(text, i, tokens);
    } else if (/[A-Za-z_]/.test(ch)) {
      i = readName(text, i, tokens);
    } else if (OPENERS.has(ch) || CLOSERS.has(ch)) {
      trackBracket({ kind: TokenKind.OPERATOR, value: ch, offset: i }, open, tokens);
      i++;
    } else {
      i = readOperator(text, i, tokens);
    }
  }
  if (closer !== undefined) throw new SyntaxFailure(unclosedMessage(closer), openAt);
  return finish(tokens, open, text.length, text.length, false);
}

function unclosedMessage(closer: Closer): string {
  if (closer === '}}') return 'unclosed "{{" (missing "}}")';
  return 'unclosed "{%" (missing "%}"; for a literal "{%", write {% raw %}…{% endraw %})';
}

/** Keeps the recursive-descent parser far from the call-stack limit. */
const MAX_NESTING = 64;
const MATCHING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function trackBracket(token: Token, open: Token[], tokens: Token[]): void {
  if (OPENERS.has(token.value)) {
    if (open.length >= MAX_NESTING) throw new SyntaxFailure(`nested deeper than ${MAX_NESTING} brackets`, token.offset);
    open.push(token);
  } else if (open.at(-1)?.value === MATCHING[token.value]) {
    open.pop();
  } else {
    throw new SyntaxFailure(`unexpected "${token.value}"`, token.offset);
  }
  tokens.push(token);
}

function readName(text: string, i: number, tokens: Token[]): number {
  const match = /[A-Za-z_][A-Za-z0-9_]*/y;
  match.lastIndex = i;
  const name = (match.exec(text) as RegExpExecArray)[0];
  tokens.push({ kind: TokenKind.NAME, value: name, offset: i });
  return i + name.length;
}

function finish(tokens: Token[], open: Token[], endOffset: number, end: number, isTrimAfter: boolean): LexResult {
  const unclosed = open.at(-1);
  if (unclosed) throw new SyntaxFailure(`unclosed "${unclosed.value}"`, unclosed.offset);
  tokens.push({ kind: TokenKind.END, value: '', offset: endOffset });
  return { tokens, end, isTrimAfter };
}

function readOperator(text: string, i: number, tokens: Token[]): number {
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
  if (op === undefined) {
    throw new SyntaxFailure(`unexpected character "${text[i]}"`, i);
  }
  tokens.push({ kind: TokenKind.OPERATOR, value: op, offset: i });
  return i + op.length;
}

function readString(text: string, start: number, tokens: Token[]): number {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      value += ESCAPES[next] ?? '\\' + next;
      i += 2;
    } else {
      value += text[i];
      i++;
    }
  }
  if (i >= text.length) throw new SyntaxFailure('unterminated string', start);
  tokens.push({ kind: TokenKind.STRING, value, offset: start });
  return i + 1;
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  const match = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  match.lastIndex = start;
  const source = (match.exec(text) as RegExpExecArray)[0];
  if (/[A-Za-z_]/.test(text[start + source.length] ?? '')) {
    throw new SyntaxFailure(`invalid number "${source}${text[start + source.length]}"`, start);
  }
  tokens.push({ kind: TokenKind.NUMBER, value: source, offset: start });
  return start + source.length;
}
