/**
 * The engine's search language, as clients use it (ovirt-api.md §2.2):
 *   [Type:] criteria [sortby field [asc|desc]] [page N]
 * criteria: `field op value` joined with `and` / `or` (and binds tighter) and parentheses; op is = != < > <= >=;
 * values may be quoted ("x y") and use `*` wildcards; comparison is case-insensitive unless asked otherwise.
 */
import { ApiFault } from './api-fault';

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type SearchExpression =
  | { kind: 'and' | 'or'; left: SearchExpression; right: SearchExpression }
  | { kind: 'term'; field: string; op: Operator; value: string };

export interface SearchQuery {
  where?: SearchExpression;
  sortBy?: { field: string; isDescending: boolean };
  page?: number;
}

type Token = { kind: 'word' | 'quoted' | 'op' | 'open' | 'close'; text: string };

const TYPE_PREFIX = /^\s*(hosts|vms|clusters|datacenters|storage|storagedomains|events|jobs|templates)\s*:\s*/i;

export class SearchSyntaxError extends ApiFault {
  constructor(query: string, problem: string) {
    super(400, 'Operation Failed', `[Search query error: ${problem} in "${query}"]`);
  }
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|(!=|<=|>=|=|<|>)|"([^"]*)"|'([^']*)'|([^\s()=!<>"']+))/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < query.length && (match = pattern.exec(query)) !== null) {
    if (match[1] !== undefined) tokens.push({ kind: 'open', text: '(' });
    else if (match[2] !== undefined) tokens.push({ kind: 'close', text: ')' });
    else if (match[3] !== undefined) tokens.push({ kind: 'op', text: match[3] });
    else if (match[4] !== undefined || match[5] !== undefined) {
      tokens.push({ kind: 'quoted', text: match[4] ?? match[5] ?? '' });
    } else if (match[6] !== undefined) tokens.push({ kind: 'word', text: match[6] });
  }
  if (query.slice(pattern.lastIndex).trim() !== '') throw new SearchSyntaxError(query, 'unexpected character');
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly query: string
  ) {}

  parse(): SearchQuery {
    const result: SearchQuery = {};
    if (!this.isKeyword('sortby') && !this.isKeyword('page') && this.peek() !== undefined) result.where = this.or();
    if (this.isKeyword('sortby')) result.sortBy = this.sortBy();
    if (this.isKeyword('page')) {
      this.index++;
      result.page = Number(this.expectWord('page number'));
    }
    if (this.peek() !== undefined) throw new SearchSyntaxError(this.query, `unexpected "${this.peek()?.text}"`);
    return result;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private or(): SearchExpression {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): SearchExpression {
    let left = this.primary();
    for (;;) {
      if (this.isKeyword('and')) this.index++;
      else if (!this.startsPrimary()) return left;
      left = { kind: 'and', left, right: this.primary() };
    }
  }

  private startsPrimary(): boolean {
    const token = this.peek();
    if (token === undefined) return false;
    if (token.kind === 'open') return true;
    return token.kind === 'word' && !['or', 'sortby', 'page'].includes(token.text.toLowerCase());
  }

  private primary(): SearchExpression {
    const token = this.peek();
    if (token?.kind === 'open') {
      this.index++;
      const inner = this.or();
      if (this.peek()?.kind !== 'close') throw new SearchSyntaxError(this.query, 'missing ")"');
      this.index++;
      return inner;
    }
    const field = this.expectWord('field name').toLowerCase();
    const op = this.peek();
    if (op?.kind !== 'op') throw new SearchSyntaxError(this.query, `missing operator after "${field}"`);
    this.index++;
    const value = this.peek();
    const hasValue = value !== undefined && (value.kind === 'word' || value.kind === 'quoted');
    if (hasValue) this.index++;
    return { kind: 'term', field, op: op.text as Operator, value: hasValue ? value.text : '' };
  }

  private sortBy(): SearchQuery['sortBy'] {
    this.index++;
    const field = this.expectWord('sort field').toLowerCase();
    let isDescending = false;
    if (this.isKeyword('asc') || this.isKeyword('desc')) {
      isDescending = this.peek()?.text.toLowerCase() === 'desc';
      this.index++;
    }
    return { field, isDescending };
  }

  private expectWord(what: string): string {
    const token = this.peek();
    if (token?.kind !== 'word') throw new SearchSyntaxError(this.query, `expected ${what}`);
    this.index++;
    return token.text;
  }
}

export function parseSearch(query: string): SearchQuery {
  const body = query.replace(TYPE_PREFIX, '');
  return new Parser(tokenize(body), query).parse();
}
