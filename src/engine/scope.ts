/**
 * The names a template sees: inventory (spelled as in YAML), runbook vars, `run`, registered results, and per
 * task `host` and the loop variable. Registers are per target (like Ansible hostvars); a step that runs once
 * registers for everyone. Templates read own properties only, so every scope is a flat object.
 */
import type { HostEntry, Inventory } from '../inventory/types';
import type { Runbook } from '../runbook/types';
import { toHostView, toInventoryScope } from './view';
import { findUnknown } from './unknown';

type Dict = Record<string, unknown>;

export class RunScope {
  private readonly base: Dict;
  /** Results registered by steps that run once: everyone sees them. */
  private readonly globals: Dict = {};
  /** Registered results per host; exposed to templates as `hostvars`. */
  private readonly hostvars: Record<string, Dict> = {};
  private readonly hostViews = new Map<string, Dict>();
  /** Scopes built since the last register, per target and step vars: steps that register nothing share them. */
  private readonly cache = new Map<string, { vars: Dict | undefined; scope: Dict }>();

  constructor(runbook: Runbook, inventory: Inventory, run: { id: string; isDryRun: boolean }) {
    this.base = {
      ...toInventoryScope(inventory),
      ...runbook.vars,
      run: { id: run.id, isDryRun: run.isDryRun },
      hostvars: this.hostvars,
    };
  }

  /**
   * The scope of a task on `host` (or of a run-once task), from lowest to highest precedence: inventory and
   * runbook vars, the step's include vars, results registered for everyone, results registered for the host,
   * and `host`. Do not modify it: derive with `withValue`.
   */
  forTarget(host: HostEntry | undefined, stepVars?: Dict): Dict {
    const key = host?.name ?? '';
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.vars === stepVars) return cached.scope;
    const scope = this.buildScope(host, stepVars);
    this.cache.set(key, { vars: stepVars, scope });
    return scope;
  }

  private buildScope(host: HostEntry | undefined, stepVars: Dict | undefined): Dict {
    const scope: Dict = { ...this.base, ...stepVars, ...this.globals };
    if (host === undefined) return scope;
    const registers = this.hostvars[host.name];
    if (registers !== undefined) Object.assign(scope, registers);
    scope.host = this.hostView(host);
    return scope;
  }

  /** Record a task's result under `name`: for that host, or for everyone when `host` is undefined. */
  register(name: string, value: unknown, host: string | undefined): void {
    this.cache.clear();
    if (host === undefined) {
      this.globals[name] = value;
      return;
    }
    const registers = (this.hostvars[host] ??= {});
    registers[name] = value;
  }

  private hostView(host: HostEntry): Dict {
    let view = this.hostViews.get(host.name);
    if (view === undefined) {
      view = toHostView(host);
      this.hostViews.set(host.name, view);
    }
    return view;
  }
}

/** A scope with one more name (the loop variable, the attempt's result for `until`). */
export function withValue(scope: Dict, name: string, value: unknown): Dict {
  return { ...scope, [name]: value };
}

/** The step whose unknown (dry-run) result one of `names` holds in `scope`, if any. */
export function findUnknownStep(scope: Dict, names: Iterable<string>): string | undefined {
  for (const name of names) {
    if (!Object.hasOwn(scope, name)) continue;
    const found = findUnknown(scope[name]);
    if (found) return found.step;
  }
  return undefined;
}
