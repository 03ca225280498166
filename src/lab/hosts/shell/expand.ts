/** Word expansion: variables, `~`, and command substitution (run in a copy of the shell, trailing newlines cut). */
import type { ListItem, Word } from './ast';
import type { ShellSession } from './context';

/** Runs a substituted list and returns its standard output. */
export type Substitute = (list: ListItem[]) => Promise<string>;

export async function expandWord(session: ShellSession, word: Word, substitute: Substitute): Promise<string> {
  let text = '';
  for (const part of word) {
    if ('literal' in part) text += part.literal;
    else if ('tilde' in part) text += session.env.HOME ?? '/root';
    else if ('variable' in part) text += expandVariable(session, part.variable);
    else text += (await substitute(part.substitution)).replace(/\n+$/, '');
  }
  return text;
}

export async function expandWords(
  session: ShellSession,
  words: readonly Word[],
  substitute: Substitute
): Promise<string[]> {
  const expanded: string[] = [];
  for (const word of words) expanded.push(await expandWord(session, word, substitute));
  return expanded;
}

function expandVariable(session: ShellSession, name: string): string {
  if (name === '?') return String(session.lastStatus);
  if (name === '$') return '4242';
  if (name === '#') return String(session.positional.length);
  if (/^\d$/.test(name)) return name === '0' ? 'bash' : (session.positional[Number(name) - 1] ?? '');
  return session.env[name] ?? '';
}
