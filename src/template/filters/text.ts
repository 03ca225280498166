/** Filters over text. */
import { EvalFailure } from '../errors';
import { quoteShellWord } from '../quote';
import { isTruthy, toText, typeName } from '../values';
import { argument, stringArgument, type Filter } from './args';

/** Quotes a value as one shell word; a list becomes one quoted word per item, separated by spaces. */
const quote: Filter = (input) => {
  if (Array.isArray(input)) return input.map((item) => quoteShellWord(toText(item))).join(' ');
  return quoteShellWord(toText(input));
};

const replace: Filter = (input, call) => {
  const from = stringArgument(call, 0, 'old');
  const to = stringArgument(call, 1, 'new');
  return toText(input).split(from).join(to);
};

const split: Filter = (input, call) => {
  const separator = call.args.length > 0 || Object.hasOwn(call.kwargs, 'sep') ? stringArgument(call, 0, 'sep') : '';
  const text = toText(input);
  return separator === '' ? text.split(/\s+/).filter((part) => part !== '') : text.split(separator);
};

const toJson: Filter = (input, call) => {
  const indent = call.kwargs.indent;
  if (indent !== undefined && typeof indent !== 'number') {
    throw new EvalFailure(`tojson: indent must be a number, got ${typeName(indent)}`);
  }
  return JSON.stringify(input ?? null, null, indent);
};

/** Python's posixpath.basename: what follows the last `/` (empty for a path ending in `/`). */
const basename: Filter = (input) => {
  const path = toText(input);
  return path.slice(path.lastIndexOf('/') + 1);
};

/** Python's posixpath.dirname: up to the last `/`, without trailing slashes unless it is only slashes. */
const dirname: Filter = (input) => {
  const path = toText(input);
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
};

/**
 * Jinja2's `indent(width=4, first=false, blank=false)`: every line but the first (with `first`, that one too)
 * gets `width` spaces (or the `width` text); blank lines only with `blank`.
 */
const indent: Filter = (input, call) => {
  const width = argument(call, 0, 'width', 4);
  const prefix = typeof width === 'string' ? width : ' '.repeat(typeof width === 'number' ? width : 4);
  const isFirst = isTruthy(argument(call, 1, 'first', false));
  const isBlank = isTruthy(argument(call, 2, 'blank', false));
  const lines = splitLines(`${toText(input)}\n`);
  const [head = '', ...rest] = lines;
  const body = rest.map((line) => (line !== '' || isBlank ? prefix + line : line));
  return (isFirst ? prefix : '') + [head, ...body].join('\n');
};

/** Python's str.splitlines(): no empty last item for a trailing line break. */
function splitLines(text: string): string[] {
  // Python also breaks lines at \x1c, \x1d and \x1e (file, group and record separators).
  // eslint-disable-next-line no-control-regex
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export const TEXT_FILTERS: Record<string, Filter> = {
  basename,
  dirname,
  indent,
  quote,
  lower: (input) => toText(input).toLowerCase(),
  upper: (input) => toText(input).toUpperCase(),
  trim: (input) => toText(input).trim(),
  string: (input) => toText(input),
  replace,
  split,
  tojson: toJson,
};
