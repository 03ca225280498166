/**
 * `--json`: every event as one JSON line, redacted exactly as the journal writes it (the run's argv included, where
 * `-e api_token=…` would otherwise show). `omitTimings` drops clock fields so tests can compare output exactly.
 */
import type { EventSink, RunEvent } from '../engine/events';
import { redactEvent } from '../runs/redact-event';
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
    const redacted = redactEvent(event);
    const text = this.options.omitTimings ? JSON.stringify(redacted, dropTimings) : JSON.stringify(redacted);
    this.out.write(`${text}\n`);
  }
}

function dropTimings(key: string, value: unknown): unknown {
  return key === 'at' || key === 'durationMs' ? undefined : value;
}
