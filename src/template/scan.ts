/**
 * Splits a template into text, `{{ output }}` and `{% tag %}` pieces, dropping `{# comments #}` and keeping
 * `{% raw %}` content as text. Whitespace follows Jinja2 as Ansible configures it: `{%-`, `{{-`, `{#-` strip the
 * whitespace before, `-%}`, `-}}`, `-#}` the whitespace after, and a block tag or comment eats the one newline
 * right after it (trim_blocks); text before a tag on its line is kept (no lstrip_blocks).
 */
import { SyntaxFailure } from './errors';
import { lexExpression, TokenKind, type Token } from './lexer';

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'output'; tokens: Token[]; source: string; offset: number }
  | { kind: 'tag'; name: string; tokens: Token[]; source: string; offset: number };

export interface ScanResult {
  pieces: Piece[];
  /** A block tag or comment was written (the result is text, never a typed value). */
  hasBlocks: boolean;
}

const OPENER = /\{[{%#]/g;
const END_RAW = /\{%([-+]?)\s*endraw\s*(-?)%\}/g;
const RAW_HINT = 'for a literal "{#" or "{%" (as in ${#list[@]}), write {% raw %}…{% endraw %}';

class Scanner {
  readonly pieces: Piece[] = [];
  hasBlocks = false;
  /** Strip the whitespace at the start of the next text (a `-` closed the previous piece). */
  private isTrimNext = false;
  /** Drop one newline at the start of the next text (a block tag or comment ended just before). */
  private isNewlineEaten = false;

  constructor(private readonly text: string) {}

  pushText(text: string, isTrimmedEnd: boolean): void {
    let value = text;
    if (this.isTrimNext) value = value.replace(/^\s+/, '');
    else if (this.isNewlineEaten && value.startsWith('\n')) value = value.slice(1);
    if (isTrimmedEnd) value = value.replace(/\s+$/, '');
    this.isTrimNext = false;
    this.isNewlineEaten = false;
    const last = this.pieces.at(-1);
    if (value === '') return;
    if (last?.kind === 'text') last.text += value;
    else this.pieces.push({ kind: 'text', text: value });
  }

  /** After a piece: what to strip from the text that follows. */
  endPiece(isTrimAfter: boolean, isBlock: boolean): void {
    this.isTrimNext = isTrimAfter;
    this.isNewlineEaten = isBlock;
  }

  scan(): void {
    let position = 0;
    for (;;) {
      OPENER.lastIndex = position;
      const open = OPENER.exec(this.text)?.index;
      if (open === undefined) break;
      const marker = this.text[open + 1];
      const isTrimBefore = this.text[open + 2] === '-';
      this.pushText(this.text.slice(position, open), isTrimBefore);
      const inner = open + 2 + (isTrimBefore || this.text[open + 2] === '+' ? 1 : 0);
      if (marker === '#') position = this.skipComment(open, inner);
      else if (marker === '{') position = this.readOutput(open, inner);
      else position = this.readTag(open, inner);
    }
    this.pushText(this.text.slice(position), false);
  }

  private skipComment(open: number, inner: number): number {
    const close = this.text.indexOf('#}', inner);
    if (close < 0) throw new SyntaxFailure(`unclosed comment "{#" (missing "#}"; ${RAW_HINT})`, open);
    this.hasBlocks = true;
    this.endPiece(this.text[close - 1] === '-' && close - 1 >= inner, true);
    return close + 2;
  }

  private readOutput(open: number, inner: number): number {
    const { tokens, end, isTrimAfter } = lexExpression(this.text, inner, '}}', open);
    this.pieces.push({ kind: 'output', tokens, source: this.text.slice(open, end), offset: open });
    this.endPiece(isTrimAfter, false);
    return end;
  }

  private readTag(open: number, inner: number): number {
    const { tokens, end, isTrimAfter } = lexExpression(this.text, inner, '%}', open);
    this.hasBlocks = true;
    const first = tokens[0] as Token;
    if (first.kind !== TokenKind.NAME) {
      const what = first.kind === TokenKind.END ? 'nothing' : `"${first.value}"`;
      throw new SyntaxFailure(`expected a tag name after "{%" but found ${what}`, first.offset);
    }
    if (first.value === 'raw') return this.readRaw(open, end, isTrimAfter);
    const source = this.text.slice(open, end);
    this.pieces.push({ kind: 'tag', name: first.value, tokens: tokens.slice(1), source, offset: open });
    this.endPiece(isTrimAfter, true);
    return end;
  }

  /** `{% raw %}…{% endraw %}`: the content is text, tags and all. */
  private readRaw(open: number, contentStart: number, isTrimAfter: boolean): number {
    END_RAW.lastIndex = contentStart;
    const close = END_RAW.exec(this.text);
    if (!close) throw new SyntaxFailure('unclosed "{% raw %}" (missing "{% endraw %}")', open);
    this.isTrimNext = isTrimAfter;
    this.isNewlineEaten = false;
    this.pushText(this.text.slice(contentStart, close.index), close[1] === '-');
    this.endPiece(close[2] === '-', true);
    return close.index + close[0].length;
  }
}

export function scanTemplate(text: string): ScanResult {
  const scanner = new Scanner(text);
  scanner.scan();
  return { pieces: scanner.pieces, hasBlocks: scanner.hasBlocks };
}
