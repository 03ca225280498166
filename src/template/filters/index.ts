/** The filter table. `default` is not here: it needs the unevaluated input (see evaluate.ts). */
import { describeAlternatives } from '../../shared/suggest';
import { EvalFailure } from '../errors';
import { expectList } from '../values';
import { argument, requirePath, type Filter, type FilterCall } from './args';
import { COLLECTION_FILTERS } from './collections';
import { CONVERT_FILTERS } from './convert';
import { GUARD_FILTERS } from './guards';
import { REGEX_FILTERS } from './regex';
import { SERIALIZE_FILTERS } from './serialize';
import { SET_FILTERS } from './sets';
import { TEXT_FILTERS } from './text';

/** `map(attribute='name')` or `map('upper')` (another filter, with its arguments). */
const map: Filter = (input, call) => {
  const items = expectList(input, 'map');
  const attribute = argument(call, -1, 'attribute');
  if (typeof attribute === 'string') {
    const hasFallback = Object.hasOwn(call.kwargs, 'default');
    return items.map((item) =>
      hasFallback ? mapWithFallback(item, attribute, call) : requirePath(item, attribute, call)
    );
  }
  const [filterName, ...rest] = call.args;
  if (typeof filterName !== 'string') throw new EvalFailure('map needs attribute=NAME or the name of a filter');
  return items.map((item) => applyFilter(filterName, item, { name: filterName, args: rest, kwargs: {} }));
};

function mapWithFallback(item: unknown, attribute: string, call: FilterCall): unknown {
  try {
    return requirePath(item, attribute, call);
  } catch {
    return call.kwargs.default;
  }
}

export const FILTERS: Record<string, Filter> = {
  ...TEXT_FILTERS,
  ...CONVERT_FILTERS,
  ...COLLECTION_FILTERS,
  ...SET_FILTERS,
  ...REGEX_FILTERS,
  ...SERIALIZE_FILTERS,
  map,
};

export { GUARD_FILTERS } from './guards';

export function isKnownFilter(name: string): boolean {
  return Object.hasOwn(FILTERS, name) || GUARD_FILTERS.has(name);
}

export function knownFilterNames(): string[] {
  return [...Object.keys(FILTERS), ...GUARD_FILTERS].sort();
}

export function applyFilter(name: string, input: unknown, call: FilterCall): unknown {
  const filter = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
  if (!filter) throw new EvalFailure(`unknown filter "${name}"${describeAlternatives(name, knownFilterNames())}`);
  return filter(input, call);
}
