/**
 * The engine API client's public surface, as modules see it. Implemented in src/olvm on axios.
 * (Owned by the olvm layer; it may grow, but modules depend only on what is exported from here.)
 */
export interface OlvmClient {
  readonly url: string;
  /** True when every write throws before it leaves the process (dry-run). */
  readonly isReadOnly: boolean;
  close(): Promise<void>;
}
