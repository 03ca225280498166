/**
 * A small POSIX-ish shell parser for the simulated hosts: words with single and double quotes, backslashes,
 * `$NAME`, `${NAME}` and `$?`, `~`, pipes, `&&`, `||`, `;`, newlines, comments, `!`, `NAME=value` prefixes and the
 * redirections `>`, `>>`, `<`, `N>`, `N>&M`, `&>`. What it does not support (subshells, command substitution,
 * here-documents, background jobs) is a clear syntax error, never a silent misreading.
 */

/** A piece of a word: literal text, a variable to expand when the command runs, or `~` (the home directory). */
export type WordPart = { literal: string } | { variable: string } | { tilde: true };
export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** A file for `>`, `>>`, `<`; the file descriptor for `>&`. */
  target: Word | number;
}

export interface SimpleCommand {
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  isNegated: boolean;
  commands: SimpleCommand[];
}

export type Connector = '&&' | '||' | ';';

/** A list: each pipeline runs, or not, according to the connector before it and the status so far. */
export interface ListItem {
  /** How this item joins the previous one (`;` for the first). */
  connector: Connector;
  pipeline: Pipeline;
}

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

type Token = { type: 'word'; word: Word } | { type: 'op'; op: string } | { type: 'redirect'; redirect: Redirect };

const OPERATORS = ['&&', '||', ';', '|', '\n'];
const UNSUPPORTED: Record<string, string> = {
  '(': 'subshells ("(") are',
  ')': 'subshells (")") are',
  '`': 'command substitution ("`") is',
  '&': 'background jobs ("&") are',
};

export function parseScript(source: string): ListItem[] {
  return assembleList(tokenize(source));
}

function assembleList(tokens: Token[]): ListItem[] {
  const items: ListItem[] = [];
  let connector: Connector = ';';
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as Token;
    if (token.type === 'op' && (token.op === ';' || token.op === '\n') && connector === ';') {
      index += 1;
      continue;
    }
    const [pipeline, next] = readPipeline(tokens, index);
    items.push({ connector, pipeline });
    index = next;
    const separator = tokens[index];
    if (separator === undefined) break;
    if (separator.type !== 'op') throw new ShellSyntaxError('unexpected word');
    connector = separator.op === '\n' ? ';' : (separator.op as Connector);
    index += 1;
    if (connector !== ';' && tokens[index] === undefined) throw new ShellSyntaxError(`nothing after "${connector}"`);
  }
  return items;
}

function readPipeline(tokens: Token[], start: number): [Pipeline, number] {
  let index = start;
  let isNegated = false;
  const first = tokens[index];
  if (first?.type === 'word' && wordText(first.word) === '!') {
    isNegated = true;
    index += 1;
  }
  const commands: SimpleCommand[] = [];
  for (;;) {
    const [command, next] = readSimpleCommand(tokens, index);
    commands.push(command);
    index = next;
    const token = tokens[index];
    if (token?.type !== 'op' || token.op !== '|') break;
    index += 1;
  }
  return [{ isNegated, commands }, index];
}

function readSimpleCommand(tokens: Token[], start: number): [SimpleCommand, number] {
  const command: SimpleCommand = { assignments: [], words: [], redirects: [] };
  let index = start;
  for (let token = tokens[index]; token !== undefined && token.type !== 'op'; token = tokens[++index]) {
    if (token.type === 'redirect') {
      command.redirects.push(token.redirect);
      continue;
    }
    const assignment = command.words.length === 0 ? splitAssignment(token.word) : undefined;
    if (assignment) command.assignments.push(assignment);
    else command.words.push(token.word);
  }
  if (command.words.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) {
    const token = tokens[index];
    throw new ShellSyntaxError(
      token?.type === 'op' ? `unexpected "${token.op.replace('\n', '\\n')}"` : 'empty command'
    );
  }
  return [command, index];
}

function splitAssignment(word: Word): { name: string; value: Word } | undefined {
  const head = word[0];
  if (!head || !('literal' in head)) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(head.literal);
  if (!match?.[1]) return undefined;
  const rest = head.literal.slice(match[0].length);
  return { name: match[1], value: [...(rest ? [{ literal: rest }] : []), ...word.slice(1)] };
}

/** The text of a word with only literal parts (for recognising `!` and keywords). */
export function wordText(word: Word): string | undefined {
  let text = '';
  for (const part of word) {
    if (!('literal' in part)) return undefined;
    text += part.literal;
  }
  return text;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const lexer = new Lexer(source);
  for (;;) {
    lexer.skipBlanksAndComments();
    if (lexer.isAtEnd()) return tokens;
    tokens.push(...lexer.readTokens());
  }
}

class Lexer {
  private position = 0;
  constructor(private readonly source: string) {}

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
    if (operator) {
      this.position += operator.length;
      return [{ type: 'op', op: operator }];
    }
    const redirects = this.readRedirects();
    if (redirects) return redirects.map((redirect) => ({ type: 'redirect', redirect }));
    const unsupported = UNSUPPORTED[this.peek()];
    if (unsupported) throw new ShellSyntaxError(`${unsupported} not supported by the lab shell`);
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
    const literal = (text: string): void => {
      const last = parts[parts.length - 1];
      if (last && 'literal' in last) last.literal += text;
      else parts.push({ literal: text });
    };
    if (this.peek() === '~' && /^(\/|\s|$)/.test(this.source.slice(this.position + 1, this.position + 2))) {
      parts.push({ tilde: true });
      this.position += 1;
    }
    while (!this.isAtEnd() && !this.isWordEnd()) this.readWordPiece(parts, literal);
    return parts.length > 0 ? parts : [{ literal: '' }];
  }

  private isWordEnd(): boolean {
    const char = this.peek();
    return /[\s;&|<>()]/.test(char);
  }

  private readWordPiece(parts: Word, literal: (text: string) => void): void {
    const char = this.peek();
    if (char === "'") {
      const end = this.source.indexOf("'", this.position + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated single quote');
      literal(this.source.slice(this.position + 1, end));
      this.position = end + 1;
    } else if (char === '"') {
      this.position += 1;
      this.readDoubleQuoted(parts, literal);
    } else if (char === '\\') {
      literal(this.source[this.position + 1] ?? '');
      this.position += 2;
    } else if (char === '$') {
      this.readVariable(parts, literal);
    } else if (char === '`') {
      throw new ShellSyntaxError('command substitution ("`") is not supported by the lab shell');
    } else {
      literal(char);
      this.position += 1;
    }
  }

  private readDoubleQuoted(parts: Word, literal: (text: string) => void): void {
    for (;;) {
      if (this.isAtEnd()) throw new ShellSyntaxError('unterminated double quote');
      const char = this.peek();
      if (char === '"') {
        this.position += 1;
        if (parts.length === 0) literal('');
        return;
      }
      if (char === '\\' && /["\\$`\n]/.test(this.peek(1))) {
        literal(this.peek(1) === '\n' ? '' : this.peek(1));
        this.position += 2;
      } else if (char === '$') {
        this.readVariable(parts, literal);
      } else if (char === '`') {
        throw new ShellSyntaxError('command substitution ("`") is not supported by the lab shell');
      } else {
        literal(char);
        this.position += 1;
      }
    }
  }

  private readVariable(parts: Word, literal: (text: string) => void): void {
    const rest = this.source.slice(this.position + 1);
    if (rest.startsWith('('))
      throw new ShellSyntaxError('command substitution ("$(") is not supported by the lab shell');
    const match = /^(\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|([?$#0-9]))/.exec(rest);
    if (!match) {
      literal('$');
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
