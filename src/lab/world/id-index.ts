/**
 * A by-id lookup over a record array that is appended to or replaced (never edited in place): rebuilt only when
 * the array or its length changed since the last lookup.
 */
export class IdIndex<T extends { id: string }> {
  private source: readonly T[] | undefined;
  private length = -1;
  private map = new Map<string, T>();

  lookup(records: readonly T[]): Map<string, T> {
    if (records !== this.source || records.length !== this.length) {
      this.map = new Map(records.map((record) => [record.id, record]));
      this.source = records;
      this.length = records.length;
    }
    return this.map;
  }
}
