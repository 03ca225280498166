/** The loaded, normalized runbook. The YAML form is in docs/runbook-format.md and schemas/runbook.schema.json. */

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  delayMs: number;
  /** Template expression; the step is retried until it is true (or attempts run out). */
  until?: string;
}

export interface LoopSpec {
  /** A template expression that renders to an array, or a literal array. */
  items: string | unknown[];
  /** The loop variable's name (default `item`). */
  as: string;
  /** Template for a stable per-item key used in the journal (default the item's `name`, else its index). */
  key?: string;
}

export interface Step {
  /** Unique, stable id; included steps are namespaced `include-id/step-id`. */
  id: string;
  name?: string;
  /** The module, e.g. `ssh.command`. */
  module: string;
  /** The module's arguments, unrendered (templates inside). */
  args: unknown;
  /** Target selector expression (`site:primary, !kvm-a2`); undefined means run once on the control machine. */
  hosts?: string;
  when?: string;
  loop?: LoopSpec;
  register?: string;
  retry?: RetryPolicy;
  timeoutMs?: number;
  ignoreErrors: boolean;
  /** A question the operator must answer yes to (or --yes). */
  confirm?: string;
  tags: string[];
  /** At most this many targets at once (default: the run's --forks). */
  parallel?: number;
  /** `no_log: true`: a sensitive step; no file diff of it is shown. */
  isNoLog?: boolean;
  /**
   * Variables an include gives the steps it splices in (the included file's `vars`, then the include's own
   * `vars:`); they sit between the runbook's vars and registered results. Absent for top-level steps.
   */
  vars?: Record<string, unknown>;
  /** Where the step is written, for messages. */
  source: SourcePosition;
}

export interface Runbook {
  name: string;
  description?: string;
  /** Absolute path of the runbook file. */
  path: string;
  vars: Record<string, unknown>;
  steps: Step[];
  /** Every file read to build it (the runbook and its includes), for the journal's hashes. */
  files: string[];
  /** Recovery-time objective, ms (drills). */
  rtoMs?: number;
}
