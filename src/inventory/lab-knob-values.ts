/**
 * Reading the knobs of `lab.knobs`: their JSON Schema, the rule that checks what the schema cannot (durations,
 * rates and sizes as written, minimums), the values written (`normalizeLabKnobs`) and the full set with the
 * engine's defaults (`resolveLabKnobs`, what the lab uses).
 */
import { parseBytes } from '../shared/bytes';
import { parseDuration } from '../shared/duration';
import type { DocumentProblems } from '../shared/problems';
import { asRecord } from './raw';
import type { KnobSpec, LabKnobName, LabKnobs } from './lab-knobs';
import { knobYamlName, LAB_KNOB_NAMES, LAB_KNOBS } from './lab-knobs';

const RATE_PATTERN = /^\s*(\d+(?:\.\d+)?\s*[A-Za-z]*)\s*\/\s*s\s*$/;

function schemaOf(spec: KnobSpec): Record<string, unknown> {
  const description = `${spec.description} Default ${String(spec.default)}.`;
  switch (spec.kind) {
    case 'duration':
      return { type: ['string', 'number'], description };
    case 'count':
      return {
        type: 'integer',
        minimum: spec.min,
        ...(spec.max !== undefined ? { maximum: spec.max } : {}),
        description,
      };
    case 'rate':
      return { type: 'string', description };
    case 'size':
      return { type: ['string', 'integer'], description };
    case 'choice':
      return { enum: [...spec.choices], description };
  }
}

/** The `lab.knobs` mapping of the inventory schema: one property per knob, nothing else. */
export function buildLabKnobsSchema(): Record<string, unknown> {
  const properties = Object.fromEntries(LAB_KNOB_NAMES.map((name) => [knobYamlName(name), schemaOf(LAB_KNOBS[name])]));
  return {
    type: 'object',
    additionalProperties: false,
    description: "The lab's timings and limits, each defaulting to the engine's (docs/lab-engine.md).",
    properties,
  };
}

/** Bytes per second from `52MiB/s`, or undefined. */
export function parseRate(input: string): number | undefined {
  const match = RATE_PATTERN.exec(input);
  return match ? parseBytes(match[1] as string) : undefined;
}

/** The knob's value in the lab's units, or a message saying what is wrong with it. */
function readKnob(spec: KnobSpec, value: unknown): { value: number | string } | { problem: string } {
  switch (spec.kind) {
    case 'duration': {
      const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
      if (ms === undefined)
        return { problem: `must be a duration like 90s, 5m or 1h30m, got ${JSON.stringify(value)}` };
      const min = parseDuration(spec.min ?? '0') ?? 0;
      return ms < min ? { problem: `must be at least ${spec.min ?? '0s'}, got ${String(value)}` } : { value: ms };
    }
    case 'rate': {
      const bytes = typeof value === 'string' ? parseRate(value) : undefined;
      if (bytes === undefined)
        return { problem: `must be a rate like 52MiB/s or 1GiB/s, got ${JSON.stringify(value)}` };
      return bytes <= 0 && spec.isZeroAllowed !== true ? { problem: 'must be more than 0/s' } : { value: bytes };
    }
    case 'size': {
      const bytes = typeof value === 'string' || typeof value === 'number' ? parseBytes(value) : undefined;
      if (bytes === undefined || bytes < 0 || (bytes === 0 && spec.isZeroAllowed !== true))
        return { problem: `must be a size like 4MiB, got ${JSON.stringify(value)}` };
      return { value: bytes };
    }
    case 'count':
    case 'choice':
      return { value: value as number | string };
  }
}

function writtenKnobs(lab: unknown): Record<string, unknown> {
  return asRecord(asRecord(lab).knobs);
}

const YAML_NAMES = new Map(LAB_KNOB_NAMES.map((name) => [knobYamlName(name), name]));

/** Inventory rule: every knob written under `lab.knobs` reads as its kind says (the schema checks the rest). */
export function checkLabKnobs(data: unknown, problems: DocumentProblems): void {
  for (const [key, value] of Object.entries(writtenKnobs(asRecord(data).lab))) {
    const name = YAML_NAMES.get(key);
    if (name === undefined) continue;
    const spec = LAB_KNOBS[name] as KnobSpec;
    if (spec.kind === 'count' || spec.kind === 'choice') continue;
    const read = readKnob(spec, value);
    if ('problem' in read) problems.atValue(['lab', 'knobs', key], read.problem);
  }
}

/** The knobs an inventory sets (valid, as checked by the schema and `checkLabKnobs`), in the lab's units. */
export function normalizeLabKnobs(lab: unknown): Partial<LabKnobs> {
  const knobs: Partial<Record<LabKnobName, number | string>> = {};
  for (const [key, value] of Object.entries(writtenKnobs(lab))) {
    const name = YAML_NAMES.get(key);
    if (name === undefined) continue;
    const read = readKnob(LAB_KNOBS[name], value);
    if ('value' in read) knobs[name] = read.value;
  }
  return knobs as Partial<LabKnobs>;
}

/** The engine's default of one knob, in the lab's units. */
export function knobDefault(name: LabKnobName): number | string {
  const spec = LAB_KNOBS[name] as KnobSpec;
  const read = readKnob(spec, spec.default);
  if ('problem' in read) throw new Error(`lab knob ${name}: its default ${String(spec.default)} ${read.problem}`);
  return read.value;
}

const DEFAULTS = Object.fromEntries(LAB_KNOB_NAMES.map((name) => [name, knobDefault(name)])) as LabKnobs;

/** Every knob: the engine's defaults, overridden by those the inventory sets. */
export function resolveLabKnobs(written: Partial<LabKnobs> = {}): LabKnobs {
  return { ...DEFAULTS, ...written };
}
