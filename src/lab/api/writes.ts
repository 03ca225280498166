/** Counts the writes (POST, PUT, DELETE) that reach the API, so tests can prove a dry run wrote nothing. */

export interface WriteRecord {
  method: string;
  /** Path without the query string, e.g. /ovirt-engine/api/hosts/123/deactivate. */
  path: string;
  /** Real wall-clock time of arrival (ms). */
  at: number;
}

export interface WriteFilter {
  method?: string;
  path?: string | RegExp;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

export class WriteCounter {
  private records: WriteRecord[] = [];

  record(method: string, path: string): void {
    this.records.push({ method: method.toUpperCase(), path, at: Date.now() });
  }

  list(filter: WriteFilter = {}): WriteRecord[] {
    return this.records.filter((r) => matches(r, filter));
  }

  count(filter: WriteFilter = {}): number {
    return this.list(filter).length;
  }

  reset(): void {
    this.records = [];
  }
}

function matches(record: WriteRecord, filter: WriteFilter): boolean {
  if (filter.method !== undefined && filter.method.toUpperCase() !== record.method) return false;
  if (filter.path === undefined) return true;
  return typeof filter.path === 'string' ? record.path.includes(filter.path) : filter.path.test(record.path);
}
