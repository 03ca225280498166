/** One sink that feeds several (the renderer and the journal): emit to each, flush and close them all. */
import type { EventSink, RunEvent } from '../engine/events';

export class TeeSink implements EventSink {
  private readonly sinks: readonly EventSink[];
  constructor(...sinks: EventSink[]) {
    this.sinks = sinks;
  }

  emit(event: RunEvent): void {
    for (const sink of this.sinks) sink.emit(event);
  }

  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.flush?.() ?? Promise.resolve()));
  }

  async settle(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.settle?.() ?? Promise.resolve()));
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.close?.() ?? Promise.resolve()));
  }
}

/** A sink that drops everything (benchmarks). */
export const nullSink: EventSink = { emit: () => undefined };
