/** Filters over text. */
import { EvalFailure } from '../errors';
import { quoteShellWord } from '../quote';
import { toText, typeName } from '../values';
import { stringArgument, type Filter } from './args';

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

export const TEXT_FILTERS: Record<string, Filter> = {
  quote,
  lower: (input) => toText(input).toLowerCase(),
  upper: (input) => toText(input).toUpperCase(),
  trim: (input) => toText(input).trim(),
  string: (input) => toText(input),
  replace,
  split,
  tojson: toJson,
  to_json: toJson,
};
