/**
 * Python regular expressions (what Ansible's regex filters and tests take) on JavaScript's engine: named groups
 * `(?P<name>…)` and `(?P=name)`, leading inline flags `(?i)`, `\A`, `\Z`, Python's `$` (which also matches
 * before a final newline), and replacement templates with `\1`, `\g<1>` and `\g<name>`.
 */
import { EvalFailure } from './errors';
import { isTruthy, toText } from './values';

export interface RegexFlags {
  ignorecase?: unknown;
  multiline?: unknown;
}

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** Compiles a Python pattern; `g` for replace/findall. Throws EvalFailure naming the filter. */
export function compilePython(pattern: unknown, flags: RegexFlags, what: string, isGlobal = false): RegExp {
  let source = toText(pattern);
  let js = (isGlobal ? 'g' : '') + (isTruthy(flags.ignorecase) ? 'i' : '') + (isTruthy(flags.multiline) ? 'm' : '');
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1] as string) {
      if ('ims'.includes(flag) && !js.includes(flag)) js += flag;
      else if (flag === 'x') throw new EvalFailure(`${what}: the verbose flag (?x) is not supported`);
    }
  }
  try {
    return new RegExp(translatePattern(source, js.includes('m')), js);
  } catch (error) {
    throw new EvalFailure(
      `${what}: invalid regular expression ${JSON.stringify(toText(pattern))}: ${(error as Error).message}`
    );
  }
}

/** Rewrites the Python-only syntax outside character classes. */
function translatePattern(source: string, isMultiline: boolean): string {
  let out = '';
  let isInClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    const rest = source.slice(i);
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      out += isInClass ? ch + next : translateEscape(next);
      i++;
    } else if (isInClass) {
      if (ch === ']') isInClass = false;
      out += ch;
    } else if (ch === '[') {
      isInClass = true;
      out += ch;
      if (source[i + 1] === ']' || (source[i + 1] === '^' && source[i + 2] === ']')) {
        const literal = source[i + 1] === '^' ? '^\\]' : '\\]';
        out += literal;
        i += literal.length - 1;
      }
    } else if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=')) {
      const end = source.indexOf(')', i);
      out += `\\k<${source.slice(i + 4, end)}>`;
      i = end;
    } else if (ch === '$' && !isMultiline) {
      out += '(?=\\n?(?![\\s\\S]))';
    } else {
      out += ch;
    }
  }
  return out;
}

function translateEscape(next: string): string {
  if (next === 'A') return '(?<![\\s\\S])';
  if (next === 'Z') return '(?![\\s\\S])';
  return `\\${next}`;
}

/** Python's `match.expand`: `\1`, `\g<1>`, `\g<name>`, and `\n`, `\t`, `\\` escapes in a replacement. */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\\(g<([^>]*)>|(\d{1,2})|(.))/gs,
    (whole, _g, ref?: string, digits?: string, other?: string) => {
      const key = ref ?? digits;
      if (key !== undefined) return groupValue(match, key);
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v' };
      if (other !== undefined && Object.hasOwn(escapes, other)) return escapes[other] as string;
      return whole;
    }
  );
}

function groupValue(match: RegExpExecArray, key: string): string {
  if (/^\d+$/.test(key)) {
    const index = Number(key);
    if (index >= match.length) throw new EvalFailure(`invalid group reference ${key}`);
    return match[index] ?? '';
  }
  if (!match.groups || !Object.hasOwn(match.groups, key)) throw new EvalFailure(`unknown group name "${key}"`);
  return match.groups[key] ?? '';
}

/** Python's `re.escape` (3.7+): only the characters that mean something in a pattern. */
export function escapePython(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (ch) => `\\${ch}`);
}
