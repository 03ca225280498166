/** Ansible's regular-expression filters, on Python patterns (see ../regex.ts). */
import { EvalFailure } from '../errors';
import { compilePython, escapePython, expandTemplate } from '../regex';
import { toText } from '../values';
import { argument, type Filter, type FilterCall } from './args';

function flagsOf(call: FilterCall): { ignorecase: unknown; multiline: unknown } {
  return { ignorecase: call.kwargs.ignorecase, multiline: call.kwargs.multiline };
}

/** `regex_replace(pattern, replacement='', ignorecase=false, multiline=false, count=0)`. */
const regexReplace: Filter = (input, call) => {
  const pattern = compilePython(argument(call, 0, 'pattern', ''), flagsOf(call), call.name, true);
  const replacement = toText(argument(call, 1, 'replacement', ''));
  const count = Number(argument(call, 2, 'count', 0));
  let done = 0;
  return toText(input).replace(pattern, (...parts: unknown[]) => {
    if (count > 0 && done >= count) return parts[0] as string;
    done++;
    return expandTemplate(replacement, toMatch(parts));
  });
};

/** Rebuilds an exec-style match from `String.replace`'s callback arguments. */
function toMatch(parts: unknown[]): RegExpExecArray {
  const hasGroups = typeof parts.at(-1) === 'object' && parts.at(-1) !== null;
  const groups = hasGroups ? (parts.at(-1) as Record<string, string>) : undefined;
  const captures = parts.slice(0, hasGroups ? -3 : -2) as string[];
  return Object.assign(captures, { index: 0, input: '', groups }) as unknown as RegExpExecArray;
}

/** `regex_search(pattern, '\\1', '\\g<name>', …)`: the match (or those groups as a list), none without one. */
const regexSearch: Filter = (input, call) => {
  const pattern = compilePython(argument(call, 0, 'pattern', ''), flagsOf(call), call.name);
  const match = pattern.exec(toText(input));
  if (!match) return null;
  const references = call.args.slice(1);
  if (references.length === 0) return match[0];
  return references.map((ref) => {
    const text = toText(ref);
    if (!/^\\(\d+|g<[^>]+>)$/.test(text)) throw new EvalFailure(`${call.name}: "${text}" is not a group reference`);
    return expandTemplate(text, match);
  });
};

/** `regex_findall(pattern)`: every match; with one group its value, with several a list of them. */
const regexFindAll: Filter = (input, call) => {
  const pattern = compilePython(argument(call, 0, 'pattern', ''), flagsOf(call), call.name, true);
  return [...toText(input).matchAll(pattern)].map((match) => {
    if (match.length === 1) return match[0];
    if (match.length === 2) return match[1] ?? '';
    return match.slice(1).map((group) => group ?? '');
  });
};

export const REGEX_FILTERS: Record<string, Filter> = {
  regex_replace: regexReplace,
  regex_search: regexSearch,
  regex_findall: regexFindAll,
  regex_escape: (input) => escapePython(toText(input)),
};
