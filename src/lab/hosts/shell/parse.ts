/**
 * The lab shell's grammar: lists joined by `;`, newlines, `&&` and `||`; pipelines with `!`; simple commands
 * with `NAME=value` prefixes and redirections; `{ ...; }`, `( ... )` and `if/elif/else/fi`. Loops and `case`
 * are clear syntax errors, never a silent misreading.
 */
import {
  ShellSyntaxError,
  type Command,
  type Connector,
  type ListItem,
  type Pipeline,
  type SimpleCommand,
  type Word,
} from './ast';
import { tokenize, type Token } from './lex';

export * from './ast';

const UNSUPPORTED_KEYWORDS = ['for', 'while', 'until', 'case', 'select', 'function'];
const RESERVED = ['if', 'then', 'elif', 'else', 'fi', '{', '}', '!', ...UNSUPPORTED_KEYWORDS];

export function parseScript(source: string): ListItem[] {
  const parser = new Parser(tokenize(source, (nested) => ({ substitution: parseScript(nested) })));
  const list = parser.readList([]);
  parser.expectEnd();
  return list;
}

/** The text of a word made only of unquoted literal text (keywords must be unquoted). */
export function wordText(word: Word): string | undefined {
  let text = '';
  for (const part of word) {
    if (!('literal' in part) || part.isQuoted) return undefined;
    text += part.literal;
  }
  return text;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token) throw new ShellSyntaxError(`unexpected "${describe(token)}"`);
  }

  /** Reads and-or lists until the end, a `)` or one of the `stops` keywords at a command's start. */
  readList(stops: readonly string[]): ListItem[] {
    const items: ListItem[] = [];
    let connector: Connector = ';';
    for (;;) {
      this.skipSeparators(connector === ';');
      if (this.isAtListEnd(stops)) {
        if (connector !== ';') throw new ShellSyntaxError(`nothing after "${connector}"`);
        return items;
      }
      items.push({ connector, pipeline: this.readPipeline() });
      const token = this.tokens[this.index];
      if (token?.type !== 'op' || token.op === ')') return items;
      if (!['&&', '||', ';', '\n'].includes(token.op)) throw new ShellSyntaxError(`unexpected "${describe(token)}"`);
      connector = token.op === '\n' ? ';' : (token.op as Connector);
      this.index += 1;
    }
  }

  private skipSeparators(isSeparatorAllowed: boolean): void {
    for (let token = this.tokens[this.index]; token?.type === 'op'; token = this.tokens[this.index]) {
      if (token.op === '\n' || (isSeparatorAllowed && token.op === ';')) this.index += 1;
      else return;
    }
  }

  private isAtListEnd(stops: readonly string[]): boolean {
    const token = this.tokens[this.index];
    if (token === undefined) return true;
    if (token.type === 'op') return token.op === ')';
    const text = token.type === 'word' ? wordText(token.word) : undefined;
    return text !== undefined && stops.includes(text);
  }

  private readPipeline(): Pipeline {
    const isNegated = this.peekKeyword() === '!';
    if (isNegated) this.index += 1;
    const commands = [this.readCommand()];
    while (this.peekOp() === '|') {
      this.index += 1;
      this.skipSeparators(false);
      commands.push(this.readCommand());
    }
    return { isNegated, commands };
  }

  private readCommand(): Command {
    const keyword = this.peekKeyword();
    if (keyword !== undefined && UNSUPPORTED_KEYWORDS.includes(keyword)) {
      throw new ShellSyntaxError(`"${keyword}" is not supported by the lab shell`);
    }
    if (keyword !== undefined && ['then', 'elif', 'else', 'fi', '}'].includes(keyword))
      throw new ShellSyntaxError(`unexpected "${keyword}"`);
    if (keyword === 'if') return this.withRedirects(this.readIf());
    if (keyword === '{') return this.withRedirects(this.readGroup('{', '}', false));
    if (this.peekOp() === '(') return this.withRedirects(this.readGroup('(', ')', true));
    return this.readSimpleCommand();
  }

  private readIf(): Command {
    this.index += 1;
    const branches: { condition: ListItem[]; body: ListItem[] }[] = [];
    let otherwise: ListItem[] | undefined;
    for (;;) {
      const condition = this.readNonEmptyList(['then'], 'if');
      this.expectKeyword('then');
      const body = this.readNonEmptyList(['elif', 'else', 'fi'], 'then');
      branches.push({ condition, body });
      const next = this.expectKeyword('elif', 'else', 'fi');
      if (next === 'fi') break;
      if (next === 'else') {
        otherwise = this.readNonEmptyList(['fi'], 'else');
        this.expectKeyword('fi');
        break;
      }
    }
    return { kind: 'if', branches, ...(otherwise ? { otherwise } : {}), redirects: [] };
  }

  private readGroup(open: string, close: string, isSubshell: boolean): Command {
    this.index += 1;
    const body = this.readNonEmptyList(isSubshell ? [] : [close], open);
    if (isSubshell ? this.peekOp() !== ')' : this.peekKeyword() !== close)
      throw new ShellSyntaxError(`"${open}" without "${close}"`);
    this.index += 1;
    return { kind: 'group', isSubshell, body, redirects: [] };
  }

  private readNonEmptyList(stops: readonly string[], after: string): ListItem[] {
    const list = this.readList(stops);
    if (list.length === 0) throw new ShellSyntaxError(`nothing after "${after}"`);
    return list;
  }

  private withRedirects(command: Command): Command {
    for (let token = this.tokens[this.index]; token?.type === 'redirect'; token = this.tokens[++this.index]) {
      command.redirects.push(token.redirect);
    }
    return command;
  }

  private readSimpleCommand(): SimpleCommand {
    const command: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [] };
    for (
      let token = this.tokens[this.index];
      token !== undefined && token.type !== 'op';
      token = this.tokens[++this.index]
    ) {
      if (token.type === 'redirect') {
        command.redirects.push(token.redirect);
        continue;
      }
      const assignment = command.words.length === 0 ? splitAssignment(token.word) : undefined;
      if (assignment) command.assignments.push(assignment);
      else command.words.push(token.word);
    }
    if (command.words.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) {
      const token = this.tokens[this.index];
      throw new ShellSyntaxError(token ? `unexpected "${describe(token)}"` : 'empty command');
    }
    return command;
  }

  private expectKeyword(...keywords: string[]): string {
    const keyword = this.peekKeyword();
    if (keyword === undefined || !keywords.includes(keyword)) {
      const token = this.tokens[this.index];
      throw new ShellSyntaxError(
        `expected ${keywords.map((k) => `"${k}"`).join(' or ')}, found ${token ? `"${describe(token)}"` : 'the end'}`
      );
    }
    this.index += 1;
    return keyword;
  }

  private peekKeyword(): string | undefined {
    const token = this.tokens[this.index];
    const text = token?.type === 'word' ? wordText(token.word) : undefined;
    return text !== undefined && RESERVED.includes(text) ? text : undefined;
  }

  private peekOp(): string | undefined {
    const token = this.tokens[this.index];
    return token?.type === 'op' ? token.op : undefined;
  }
}

function splitAssignment(word: Word): { name: string; value: Word } | undefined {
  const head = word[0];
  if (!head || !('literal' in head) || head.isQuoted) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(head.literal);
  if (!match?.[1]) return undefined;
  const rest = head.literal.slice(match[0].length);
  return { name: match[1], value: [...(rest ? [{ literal: rest }] : []), ...word.slice(1)] };
}

function describe(token: Token): string {
  if (token.type === 'op') return token.op === '\n' ? '\\n' : token.op;
  if (token.type === 'redirect') return token.redirect.op;
  return wordText(token.word) ?? 'word';
}
