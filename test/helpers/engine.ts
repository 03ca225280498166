/**
 * Running the engine in tests: steps with defaults, a sink that records every event, and `runEngine` with
 * options you override. Modules default to the registry plus test modules you pass.
 */
import { executeRun } from '../../src/engine/execute';
import type { RunEvent, RunEventType, EventSink } from '../../src/engine/events';
import type { RunOptions, RunSummary } from '../../src/engine/options';
import type { Inventory } from '../../src/inventory/types';
import { modules as registry } from '../../src/modules/registry';
import type { StepModule } from '../../src/modules/types';
import type { Runbook, Step } from '../../src/runbook/types';
import { makeInventory } from './inventory';

export type StepInput = Partial<Step> & { id: string; module: string };

export function makeStep(input: StepInput): Step {
  return {
    args: {},
    ignoreErrors: false,
    tags: [],
    source: { file: '/tmp/test-runbook.yaml', line: 1, column: 1 },
    ...input,
  };
}

export function makeRunbook(steps: StepInput[], vars: Record<string, unknown> = {}): Runbook {
  return { name: 'test', path: '/tmp/test-runbook.yaml', vars, steps: steps.map(makeStep), files: [] };
}

export class RecordingSink implements EventSink {
  readonly events: RunEvent[] = [];
  flushes = 0;
  emit(event: RunEvent): void {
    this.events.push(event);
  }
  flush(): Promise<void> {
    this.flushes += 1;
    return Promise.resolve();
  }
  ofType<T extends RunEventType>(type: T): Array<Extract<RunEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
  }
  /** `step/target/item: status` for every finished task, in order. */
  finished(): string[] {
    return this.ofType('task.finished').map(
      (e) => `${[e.stepId, e.target, e.item].filter((x) => x !== undefined).join('/')}: ${e.status}`
    );
  }
}

export interface EngineRun {
  summary: RunSummary;
  sink: RecordingSink;
}

export type RunEngineOptions = Partial<Omit<RunOptions, 'modules'>> & {
  steps?: StepInput[];
  vars?: Record<string, unknown>;
  inventory?: Inventory;
  /** Extra modules for this test, beside the registry's. */
  modules?: Record<string, StepModule<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

export async function runEngine(options: RunEngineOptions = {}): Promise<EngineRun> {
  const sink = new RecordingSink();
  const { steps = [], vars = {}, modules = {}, ...rest } = options;
  const summary = await executeRun({
    runId: 'test-run',
    runbook: makeRunbook(steps, vars),
    inventory: makeInventory(),
    isDryRun: false,
    isYes: false,
    sink,
    services: {
      ssh: () => Promise.reject(new Error('no ssh in engine tests')),
      engine: () => Promise.reject(new Error('no engine in engine tests')),
    },
    prompt: () => Promise.reject(new Error('no operator in this test')),
    signal: new AbortController().signal,
    modules: { ...registry, ...modules },
    ...rest,
  });
  return { summary, sink };
}

/** A module whose plan and apply are given by the test (args are passed through untyped). */
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyModule = StepModule<any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export function testModule(name: string, behaviour: Partial<Pick<AnyModule, 'plan' | 'apply' | 'schema'>>): AnyModule {
  return {
    name,
    description: `test module ${name}`,
    schema: behaviour.schema ?? { type: 'object' },
    plan: behaviour.plan ?? (() => Promise.resolve({ status: 'changes', changes: [{ path: 'x', note: 'test' }] })),
    apply: behaviour.apply ?? (() => Promise.resolve({})),
  };
}
