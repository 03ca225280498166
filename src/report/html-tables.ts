/**
 * The report's HTML tables: recovery per VM, failback, SPM moves, the sites, waits, steps. One table builder
 * (`renderTable`) writes every table from its columns; every value is escaped.
 */
import { formatDuration } from '../shared/duration';
import { describeRecovery, describeWithinRto, formatClock, formatMaybeDuration } from './format';
import { escapeHtml, html, Markup } from './markup';
import type { Interpolation } from './markup';
import type { DrillReport, SpmHandover, VmMove, WaitSpan } from './types';
import { VmOutcome } from './types';

/** One column: its heading, its cell for a row, and whether it holds numbers (right-aligned). */
interface Column<T> {
  head: string;
  cell: (row: T, index: number) => Interpolation;
  isNum?: boolean;
  /** A class for the cell (`state-FAIL`). */
  cellClass?: (row: T) => string;
}

interface TableSpec<T> {
  id: string;
  columns: ReadonlyArray<Column<T> | undefined>;
  rows: readonly T[];
  /** Attributes of a row: its class and data-* attributes. */
  rowClass?: (row: T) => string;
  rowData?: (row: T) => Record<string, string | number | undefined>;
}

/** ` class="num" data-vm="db-1"`: escaped attributes, the empty ones left out. */
function attributes(values: Record<string, string | number | undefined | false>): Markup {
  const text = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== false && v !== '')
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join('');
  return Markup.trusted(text);
}

function cellClass<T>(column: Column<T>, row?: T): string {
  return [column.isNum === true ? 'num' : '', row === undefined ? '' : (column.cellClass?.(row) ?? '')]
    .filter(Boolean)
    .join(' ');
}

function renderTable<T>(spec: TableSpec<T>): Markup {
  const columns = spec.columns.filter((c): c is Column<T> => c !== undefined);
  const head = columns.map((c) => html`<th${attributes({ class: cellClass(c) })}>${c.head}</th>`);
  const rows = spec.rows.map((row, i) => {
    const data = Object.fromEntries(Object.entries(spec.rowData?.(row) ?? {}).map(([k, v]) => [`data-${k}`, v]));
    const cells = columns.map((c) => html`<td${attributes({ class: cellClass(c, row) })}>${c.cell(row, i)}</td>`);
    return html`<tr${attributes({ class: spec.rowClass?.(row), ...data })}>${cells}</tr>`;
  });
  return html`<table id="${spec.id}">
    <thead>
      <tr>
        ${head}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function clock(ms: number | undefined): string {
  return ms === undefined ? '-' : formatClock(ms);
}

function byOf(by: string | undefined, at: number | undefined): string {
  return at === undefined ? '' : (by ?? 'events');
}

const OUTCOME_LABEL: Record<VmOutcome, string> = {
  [VmOutcome.RECOVERED]: 'recovered',
  [VmOutcome.NOT_RECOVERED]: 'NOT RECOVERED',
  [VmOutcome.NOT_MEASURED]: 'NOT MEASURED',
};

function rowClassOf(move: VmMove): string {
  if (move.outcome !== VmOutcome.RECOVERED) return 'never';
  return move.isWithinRto === false ? 'over' : '';
}

/** Failover (judged against the RTO) or failback (not judged). */
export function renderMoveTable(id: string, moves: readonly VmMove[], isJudged: boolean): Markup {
  const verdictClass = (m: VmMove) => {
    const verdict = describeWithinRto(m);
    return `state-${verdict === 'over RTO' ? 'over' : verdict}`;
  };
  return renderTable<VmMove>({
    id,
    rows: moves,
    rowClass: rowClassOf,
    rowData: (m) => ({ vm: m.name, 'recovery-ms': m.recoveryMs, outcome: m.outcome }),
    columns: [
      { head: '#', cell: (_m, i) => i + 1, isNum: true },
      { head: 'VM', cell: (m) => m.name },
      {
        head: 'outcome',
        cell: (m) =>
          html`${OUTCOME_LABEL[m.outcome]}${m.why === undefined ? '' : html`<div class="why">${m.why}</div>`}`,
        cellClass: (m) => (m.outcome === VmOutcome.RECOVERED ? 'state-ok' : 'state-FAIL'),
      },
      { head: 'how', cell: (m) => m.how ?? '-' },
      { head: 'host before', cell: (m) => m.hostBefore ?? m.fromHost ?? '-' },
      { head: 'to host', cell: (m) => `${m.toHost ?? '-'}${m.viaHost === undefined ? '' : ` (via ${m.viaHost})`}` },
      {
        head: 'host left (UTC)',
        cell: (m) => html`${clock(m.leftAt)} <span class="muted">${byOf(m.leftBy, m.leftAt)}</span>`,
      },
      {
        head: 'ran again (UTC)',
        cell: (m) => html`${clock(m.upAt)} <span class="muted">${byOf(m.upBy, m.upAt)}</span>`,
      },
      { head: isJudged ? 'recovery time' : 'time', cell: describeRecovery, isNum: true },
      isJudged ? { head: 'RTO', cell: describeWithinRto, cellClass: verdictClass } : undefined,
      { head: 'wait step', cell: (m) => m.stepId },
    ],
  });
}

export function renderSpmTable(handovers: readonly SpmHandover[]): Markup {
  return renderTable<SpmHandover>({
    id: 'spm-table',
    rows: handovers,
    columns: [
      { head: 'phase', cell: (h) => `${h.phase}${h.isForced === true ? ' (forced)' : ''}` },
      { head: 'SPM was', cell: (h) => h.fromHost ?? '-' },
      { head: 'SPM now', cell: (h) => h.toHost ?? '-' },
      { head: 'lost (UTC)', cell: (h) => clock(h.lostAt) },
      { head: 'elected (UTC)', cell: (h) => clock(h.electedAt) },
      {
        head: 'handover',
        cell: (h) => (h.electedAt === undefined ? 'no SPM elected' : formatMaybeDuration(h.handoverMs, '?')),
        isNum: true,
      },
      { head: 'measured by', cell: (h) => h.by ?? 'events' },
      { head: 'step', cell: (h) => h.stepId },
    ],
  });
}

export function renderWaitTable(report: DrillReport): Markup {
  return renderTable<WaitSpan>({
    id: 'wait-table',
    rows: report.waits,
    columns: [
      { head: 'step', cell: (w) => w.stepId },
      { head: 'phase', cell: (w) => w.phase },
      { head: 'condition', cell: (w) => w.condition },
      { head: 'site', cell: (w) => w.site ?? '-' },
      { head: 'started (UTC)', cell: (w) => clock(w.startedAt) },
      { head: 'finished (UTC)', cell: (w) => clock(w.finishedAt) },
      { head: 'elapsed', cell: (w) => formatMaybeDuration(w.elapsedMs), isNum: true },
      {
        head: 'status',
        cell: (w) => `${w.status}${w.error === undefined ? '' : `: ${w.error}`}`,
        cellClass: (w) => `state-${w.status === 'failed' ? 'FAIL' : 'ok'}`,
      },
    ],
  });
}

export function renderStepTable(report: DrillReport): Markup {
  return renderTable<DrillReport['steps'][number]>({
    id: 'step-table',
    rows: report.steps,
    columns: [
      { head: 'started (UTC)', cell: (s) => formatClock(s.startedAt) },
      { head: 'offset', cell: (s) => `+${formatDuration(s.startedAt - report.startedAt)}`, isNum: true },
      { head: 'took', cell: (s) => formatMaybeDuration(s.durationMs, 'unfinished'), isNum: true },
      {
        head: 'status',
        cell: (s) => s.status ?? 'unfinished',
        cellClass: (s) => `state-${s.status === 'failed' ? 'FAIL' : 'ok'}`,
      },
      {
        head: 'step',
        cell: (s) =>
          html`<code>${s.stepId}</code>${s.name === undefined ? '' : html` <span class="muted">${s.name}</span>`}`,
      },
      { head: 'module', cell: (s) => s.module },
      { head: 'tasks', cell: (s) => s.tasks.length, isNum: true },
      {
        head: 'errors',
        cell: (s) =>
          s.tasks
            .filter((t) => t.error !== undefined)
            .map((t) => `${t.target ?? ''} ${t.error ?? ''}`.trim())
            .join('; '),
      },
    ],
  });
}

export function renderHostsBeforeTable(report: DrillReport): Markup {
  return renderTable<DrillReport['site']['hostsBefore'][number]>({
    id: 'hosts-before-table',
    rows: report.site.hostsBefore,
    columns: [
      { head: 'VM', cell: (h) => h.vm },
      { head: 'host before the drill', cell: (h) => h.host ?? '-' },
      { head: 'status', cell: (h) => h.status },
    ],
  });
}
