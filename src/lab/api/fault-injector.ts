/**
 * Faults on demand: 5xx answers, dropped connections, requests that never get an answer, slow answers, on
 * chosen paths; a failure rate or a scripted sequence (rules are consumed in the order they were injected);
 * expired tokens. Paths: a string matches when the request path contains it; a RegExp is tested against the
 * path with its query string.
 */
import { SeededRandom } from '../world/rng';

export type FaultKind = '503' | '502' | '500' | 'drop' | 'hang' | 'slow';

export interface FaultRule {
  method?: string;
  path: RegExp | string;
  kind: FaultKind;
  /** How many matching requests it affects (default: every one until `clear()`). */
  times?: number;
  /** For `slow`: the delay before the normal answer, real milliseconds (default 2000). */
  delayMs?: number;
  /** Probability (0..1) that a matching request is affected (seeded, so repeatable). Default 1. */
  rate?: number;
}

export interface TriggeredFault {
  kind: FaultKind;
  method: string;
  path: string;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private readonly triggered: TriggeredFault[] = [];
  private readonly random: SeededRandom;

  constructor(
    seed: number,
    private readonly onExpireTokens: () => void
  ) {
    this.random = new SeededRandom(seed ^ 0x5eed);
  }

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Every token and session issued so far is refused from now on (401). */
  expireTokens(): void {
    this.onExpireTokens();
  }

  clear(): void {
    this.rules = [];
  }

  /** The faults that fired, oldest first. */
  history(): readonly TriggeredFault[] {
    return this.triggered;
  }

  /** The fault to apply to this request, if any (consumes one use of the rule). */
  take(method: string, pathWithQuery: string): ActiveRule | undefined {
    const path = pathWithQuery.split('?')[0] ?? pathWithQuery;
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const isMatch = typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(pathWithQuery);
      if (!isMatch) continue;
      if (rule.rate !== undefined && this.random.next() >= rule.rate) continue;
      rule.remaining--;
      this.triggered.push({ kind: rule.kind, method, path });
      return rule;
    }
    return undefined;
  }
}
