/**
 * Reading the site-level parts of an `olvm.wait` result (hosts that left and came back, SPM moves and outages, the
 * engine VM, gaps in the event feed, the engine's silences). Malformed entries are dropped; the rest is kept.
 */
import type {
  WaitEngineGap,
  WaitEngineVm,
  WaitFeedGap,
  WaitHostChange,
  WaitResult,
  WaitSpmOutage,
  WaitSpmResult,
} from './types';
import { defined, isObject, numberAt, stringAt, witnessAt } from './json-read';

type Json = Record<string, unknown>;
type SitePart = Pick<
  WaitResult,
  'hosts_left' | 'hosts_back' | 'spm_moves' | 'spm_outages' | 'engine_vm' | 'feed_gaps' | 'engine_gaps'
>;

/** The objects of a list field, each read with `read` (undefined drops it). */
function listOf<T>(value: unknown, read: (item: Json) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item: unknown) => {
    const read_ = isObject(item) ? read(item) : undefined;
    return read_ === undefined ? [] : [read_];
  });
}

function readHostChange(o: Json): WaitHostChange | undefined {
  const name = stringAt(o, 'name');
  const at = numberAt(o, 'at');
  if (name === undefined || at === undefined) return undefined;
  return defined({ name, at, by: witnessAt(o, 'by'), code: numberAt(o, 'code'), status: stringAt(o, 'status') });
}

function readOutage(o: Json): WaitSpmOutage | undefined {
  const from = numberAt(o, 'from');
  if (from === undefined) return undefined;
  return defined({ host: stringAt(o, 'host'), from, to: numberAt(o, 'to') ?? null, by: witnessAt(o, 'by') });
}

function readFeedGap(o: Json): WaitFeedGap | undefined {
  const after = numberAt(o, 'after_index');
  const before = numberAt(o, 'before_index');
  if (after === undefined || before === undefined) return undefined;
  return defined({ after_index: after, before_index: before, from: numberAt(o, 'from'), to: numberAt(o, 'to') });
}

function readEngineGap(o: Json): WaitEngineGap | undefined {
  const from = numberAt(o, 'from');
  if (from === undefined) return undefined;
  return defined({ from, to: numberAt(o, 'to'), ms: numberAt(o, 'ms'), error: stringAt(o, 'error') });
}

function readEngineVm(o: unknown): WaitEngineVm | undefined {
  if (!isObject(o) || stringAt(o, 'name') === undefined) return undefined;
  const moves =
    listOf(o['moves'], (m) =>
      defined({
        from_host: stringAt(m, 'from_host'),
        to_host: stringAt(m, 'to_host'),
        at: numberAt(m, 'at'),
        how: stringAt(m, 'how'),
        by: witnessAt(m, 'by'),
      })
    ) ?? [];
  const end = o['host_at_end'];
  return defined({
    name: stringAt(o, 'name') as string,
    host_at_start: stringAt(o, 'host_at_start'),
    host_at_end: typeof end === 'string' ? end : end === null ? null : undefined,
    status: stringAt(o, 'status'),
    moves,
  });
}

export function readSiteParts(value: Json, readSpm: (spm: Json) => WaitSpmResult): SitePart {
  return defined({
    hosts_left: listOf(value['hosts_left'], readHostChange),
    hosts_back: listOf(value['hosts_back'], readHostChange),
    spm_moves: listOf(value['spm_moves'], readSpm),
    spm_outages: listOf(value['spm_outages'], readOutage),
    engine_vm: readEngineVm(value['engine_vm']),
    feed_gaps: listOf(value['feed_gaps'], readFeedGap),
    engine_gaps: listOf(value['engine_gaps'], readEngineGap),
  });
}
