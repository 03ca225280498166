/**
 * The engine's audit log ("events"): the records and their subscribers. What each event says and links comes from
 * the catalogue (audit-catalogue.ts) through `logEvent` (audit-log.ts). Events are numbered from 1 upwards; the API
 * lists them newest first.
 */
import type { EventRecord, Severity } from './model';

/** The user every API command runs as. */
export const USER = 'admin@internal-authz';

export type EventInput = Omit<EventRecord, 'id' | 'time' | 'severity'> & { severity?: Severity };
export type EventListener = (event: EventRecord) => void;

/** The audit log: appends events and tells subscribers (the lab's `events` handle). */
export class EventLog {
  private listeners = new Set<EventListener>();

  constructor(
    private readonly records: EventRecord[],
    private readonly nextId: () => number,
    private readonly now: () => number,
    private readonly correlationId: () => string | undefined = () => undefined,
    /** Whether the engine is there to write its audit log (a dead self-hosted engine writes nothing). */
    private readonly isRecording: () => boolean = () => true
  ) {}

  add(input: EventInput): EventRecord | undefined {
    if (!this.isRecording()) return undefined;
    const correlationId = input.correlationId ?? this.correlationId();
    const event: EventRecord = {
      severity: 'normal',
      ...input,
      ...(correlationId !== undefined ? { correlationId } : {}),
      id: this.nextId(),
      time: this.now(),
    };
    this.records.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  list(): readonly EventRecord[] {
    return this.records;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
