/**
 * The query string of a list request: `search` in the engine's query language, `max`, `follow`, `all_content`,
 * `case_sensitive`, `from` (ovirt-api.md §2.2-2.3). A search is either a raw string, passed as is, or criteria
 * `{ name: 'kvm-a1', status: 'up' }` joined with `and`. The language has no parentheses, so alternatives
 * (`status: ['up', 'maintenance']` → `status=up or status=maintenance`) are allowed only for a lone field.
 */
import { OlvmUsageError } from './errors';

export type SearchValue = string | number | boolean;
export type SearchCriteria = Readonly<Record<string, SearchValue | readonly SearchValue[] | undefined>>;

export interface QueryOptions {
  search?: string | SearchCriteria;
  /** At most this many results. */
  max?: number;
  /** Inline linked objects, e.g. `['cluster']` or `'vms,hosts'` (§2.3). */
  follow?: string | readonly string[];
  /** Include expensive attributes (hosts: `hosted_engine`). */
  allContent?: boolean;
  /** The engine's default is case-insensitive. */
  isCaseSensitive?: boolean;
  /** Events only: return events with an index greater than this. */
  from?: number;
  /** VMs only: the next-run configuration. */
  nextRun?: boolean;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const BARE_VALUE = /^[A-Za-z0-9_.*-]+$/;

export function buildSearch(criteria: SearchCriteria): string {
  const entries = Object.entries(criteria).filter(
    (entry): entry is [string, SearchValue | readonly SearchValue[]] => entry[1] !== undefined
  );
  const clauses = entries.map(([field, value]) => buildClause(field, value, entries.length));
  return clauses.join(' and ');
}

function buildClause(field: string, value: SearchValue | readonly SearchValue[], fieldCount: number): string {
  if (!FIELD.test(field)) throw new OlvmUsageError(`search field ${JSON.stringify(field)} is not a field name`);
  const values: readonly SearchValue[] = Array.isArray(value) ? value : [value as SearchValue];
  if (values.length === 0) throw new OlvmUsageError(`search field ${field} has an empty list of values`);
  if (values.length > 1 && fieldCount > 1) {
    throw new OlvmUsageError(
      `search field ${field} lists alternatives together with other fields`,
      'the engine search language has no parentheses: filter the alternatives client-side, or search on one field'
    );
  }
  return values.map((v) => `${field}=${formatSearchValue(field, v)}`).join(' or ');
}

/** Bare when the value is a plain word (`up`, `kvm-a1`, `db*`), double-quoted otherwise. */
export function formatSearchValue(field: string, value: SearchValue): string {
  const text = String(value);
  if (text.includes('"')) throw new OlvmUsageError(`search value for ${field} contains a double quote: ${text}`);
  if (text === '') throw new OlvmUsageError(`search value for ${field} is empty`);
  return BARE_VALUE.test(text) ? text : `"${text}"`;
}

/** The query parameters, in a stable order, as strings. */
export function buildQuery(options: QueryOptions): Array<[string, string]> {
  const query: Array<[string, string]> = [];
  if (options.search !== undefined) {
    const search = typeof options.search === 'string' ? options.search : buildSearch(options.search);
    if (search !== '') query.push(['search', search]);
  }
  if (options.isCaseSensitive !== undefined) query.push(['case_sensitive', String(options.isCaseSensitive)]);
  if (options.from !== undefined) query.push(['from', String(requireCount('from', options.from))]);
  if (options.max !== undefined) query.push(['max', String(requireCount('max', options.max))]);
  const follow = typeof options.follow === 'string' ? options.follow : options.follow?.join(',');
  if (follow) query.push(['follow', follow]);
  if (options.allContent) query.push(['all_content', 'true']);
  if (options.nextRun) query.push(['next_run', 'true']);
  return query;
}

function requireCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new OlvmUsageError(`${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** `search=name%3Dx&max=1`: percent-encoding throughout (a `+` is not a space to every server). */
export function encodeQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}
