/** POSIX shell quoting: the result is always exactly one shell word whose value is the input. */

const SAFE_WORD = /^[A-Za-z0-9_@+:,./-]+$/;

/** `it's` -> `'it'"'"'s'`; safe words stay as they are; the empty string becomes `''`. */
export function quoteShellWord(text: string): string {
  if (SAFE_WORD.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}
