/** A runbook step as written (after the step schema passed), and the scope an include gives its steps. */

export interface RawStep {
  id: string;
  name?: string;
  hosts?: string | string[];
  when?: string | boolean;
  loop?: string | unknown[];
  loop_var?: string;
  loop_key?: string;
  register?: string;
  retries?: number;
  delay?: string | number;
  until?: string | boolean;
  timeout?: string | number;
  ignore_errors?: boolean;
  confirm?: string;
  tags?: string | string[];
  parallel?: number;
  no_log?: boolean;
  [moduleKey: string]: unknown;
}

export interface RawInclude {
  include: string;
  id?: string;
  when?: string | boolean;
  tags?: string | string[];
  vars?: Record<string, unknown>;
}

/** What an include (and every include around it) adds to the steps it splices in. */
export interface IncludeScope {
  /** `outer/inner/` ('' at the top). */
  idPrefix: string;
  /** Conditions of the enclosing includes, outermost first. */
  conditions: Array<string | boolean>;
  tags: string[];
  vars: Record<string, unknown>;
  /** The chain of files being read (absolute), to detect include cycles. */
  chain: string[];
}

export const TOP_SCOPE: IncludeScope = { idPrefix: '', conditions: [], tags: [], vars: {}, chain: [] };

export function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
