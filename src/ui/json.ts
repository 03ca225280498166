/** `--json`: every event as one JSON line. `omitTimings` drops clock fields so tests can compare output exactly. */
import type { EventSink, RunEvent } from '../engine/events';
import type { TextOutput } from './plain';

export interface JsonLinesOptions {
  omitTimings?: boolean;
}

export class JsonLinesRenderer implements EventSink {
  constructor(
    private readonly out: TextOutput,
    private readonly options: JsonLinesOptions = {}
  ) {}

  emit(event: RunEvent): void {
    const text = this.options.omitTimings ? JSON.stringify(event, dropTimings) : JSON.stringify(event);
    this.out.write(`${text}\n`);
  }
}

function dropTimings(key: string, value: unknown): unknown {
  return key === 'at' || key === 'durationMs' ? undefined : value;
}
