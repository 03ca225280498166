/** The lab shell's syntax tree. */

/**
 * A piece of a word: literal text (quoted or not), a variable expanded when the command runs, `~` (the home
 * directory), or a command substitution whose output becomes part of the word.
 */
export type WordPart =
  | { literal: string; isQuoted?: boolean }
  | { variable: string }
  | { tilde: true }
  | { substitution: ListItem[] };
export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** A file for `>`, `>>`, `<`; the file descriptor for `>&`. */
  target: Word | number;
}

export interface SimpleCommand {
  kind: 'simple';
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

/** `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi` */
export interface IfCommand {
  kind: 'if';
  branches: { condition: ListItem[]; body: ListItem[] }[];
  otherwise?: ListItem[];
  redirects: Redirect[];
}

/** `{ LIST; }` runs in the current shell; `( LIST )` in a copy of it. */
export interface GroupCommand {
  kind: 'group';
  isSubshell: boolean;
  body: ListItem[];
  redirects: Redirect[];
}

export type Command = SimpleCommand | IfCommand | GroupCommand;

export interface Pipeline {
  isNegated: boolean;
  commands: Command[];
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
