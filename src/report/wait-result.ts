/**
 * Reading an `olvm.wait` task result (the contract in types.ts and docs/drills.md) out of the journal, where it is
 * plain JSON of unknown shape. Malformed parts are left out with a note naming the step; the rest is kept.
 */
import { DrillPhase, RecoveryHow, VmOutcome, WaitCondition } from './types';
import type { WaitResult, WaitSpmResult, WaitVmResult } from './types';
import { defined, isObject, numberAt, oneOf, stringAt, witnessAt } from './json-read';
import { readSiteParts } from './wait-site-result';

export interface ReadWaitResult {
  result?: WaitResult;
  notes: string[];
}

type Json = Record<string, unknown>;

const CONDITIONS: ReadonlySet<string> = new Set(Object.values(WaitCondition));
const PHASES: ReadonlySet<string> = new Set(Object.values(DrillPhase));
const HOWS: ReadonlySet<string> = new Set(Object.values(RecoveryHow));
const OUTCOMES: ReadonlySet<string> = new Set(Object.values(VmOutcome));

/** `where` names the task in notes, e.g. `step "wait-failover"`. */
export function readWaitResult(value: unknown, where: string): ReadWaitResult {
  const notes: string[] = [];
  if (!isObject(value)) return { notes: [`${where}: the olvm.wait result is missing or not an object`] };
  const condition = stringAt(value, 'condition');
  const startedAt = numberAt(value, 'started_at');
  const finishedAt = numberAt(value, 'finished_at');
  if (condition === undefined || startedAt === undefined || finishedAt === undefined) {
    return { notes: [`${where}: the olvm.wait result lacks condition, started_at or finished_at; it is left out`] };
  }
  if (!CONDITIONS.has(condition)) notes.push(`${where}: unknown wait condition "${condition}"`);
  const phase = stringAt(value, 'phase');
  if (phase !== undefined && !PHASES.has(phase)) notes.push(`${where}: unknown phase "${phase}"; taken as failover`);
  const result: WaitResult = defined({
    condition: condition as WaitCondition,
    phase: phase !== undefined && PHASES.has(phase) ? (phase as DrillPhase) : undefined,
    site: stringAt(value, 'site'),
    started_at: startedAt,
    finished_at: finishedAt,
    elapsed_ms: numberAt(value, 'elapsed_ms') ?? finishedAt - startedAt,
    vms: readVms(value['vms'], where, notes),
    spm: isObject(value['spm']) ? readSpm(value['spm']) : undefined,
    unmoved: readNames(value['unmoved']),
    ...readSiteParts(value, readSpm),
    notes: readNames(value['notes']),
  });
  return { result, notes };
}

function readVms(value: unknown, where: string, notes: string[]): WaitVmResult[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    notes.push(`${where}: "vms" is not a list; left out`);
    return undefined;
  }
  return value.flatMap((vm: unknown, i) => {
    if (!isObject(vm) || stringAt(vm, 'name') === undefined) {
      notes.push(`${where}: vms[${i}] has no name; left out`);
      return [];
    }
    return [readVm(vm, where, notes)];
  });
}

function readVm(vm: Json, where: string, notes: string[]): WaitVmResult {
  const how = stringAt(vm, 'how');
  if (how !== undefined && !HOWS.has(how)) notes.push(`${where}: VM ${String(vm['name'])} has unknown how "${how}"`);
  return defined({
    name: stringAt(vm, 'name') as string,
    status: oneOf<VmOutcome>(vm, 'status', OUTCOMES),
    why: stringAt(vm, 'why'),
    from_host: stringAt(vm, 'from_host'),
    via_host: stringAt(vm, 'via_host'),
    to_host: stringAt(vm, 'to_host'),
    left_at: numberAt(vm, 'left_at'),
    left_by: witnessAt(vm, 'left_by'),
    up_at: numberAt(vm, 'up_at'),
    up_by: witnessAt(vm, 'up_by'),
    up_after: numberAt(vm, 'up_after'),
    recovery_ms: numberAt(vm, 'recovery_ms'),
    how: how !== undefined && HOWS.has(how) ? (how as RecoveryHow) : undefined,
  });
}

function readNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

function readSpm(spm: Json): WaitSpmResult {
  return defined({
    from_host: stringAt(spm, 'from_host'),
    to_host: stringAt(spm, 'to_host'),
    lost_at: numberAt(spm, 'lost_at'),
    elected_at: numberAt(spm, 'elected_at'),
    handover_ms: numberAt(spm, 'handover_ms'),
    by: witnessAt(spm, 'by'),
    forced: spm['forced'] === true ? true : undefined,
  });
}

/** The phase a wait belongs to: its own `phase`, else `vms_home` is failback and every other condition failover. */
export function phaseOf(result: WaitResult): DrillPhase {
  if (result.phase !== undefined) return result.phase;
  return result.condition === WaitCondition.VMS_HOME ? DrillPhase.FAILBACK : DrillPhase.FAILOVER;
}
