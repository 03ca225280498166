/** Building the command line a remote shell runs: argv quoting. */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word quoted for a POSIX shell. */
export function quoteShellWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv array becomes a quoted command line; a string is taken as a shell command as written. */
export function toShellCommand(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.map(quoteShellWord).join(' ');
}
