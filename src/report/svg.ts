/**
 * One inline SVG timeline (a Gantt chart): a lane per row, each with bars on a shared time axis, an optional marker
 * (the RTO deadline) and a note at the bar's end. Colours are attributes, not CSS, so the SVG stands alone; every
 * bar also says its state in words (the note, the tooltip), so a black-and-white print loses nothing.
 */
import { html, num } from './markup';
import type { Markup } from './markup';

export const BarKind = {
  OK: 'ok',
  CHANGED: 'changed',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  /** Started and never finished (crash, interrupt, a VM never up). */
  OPEN: 'open',
  /** Within the RTO. */
  PASS: 'pass',
  /** Over the RTO. */
  OVER: 'over',
  /** Not judged (no RTO, or failback). */
  NEUTRAL: 'neutral',
} as const;
export type BarKind = (typeof BarKind)[keyof typeof BarKind];

const FILL: Record<BarKind, string> = {
  ok: '#7fb77e',
  changed: '#4a7fc1',
  failed: '#c94a4a',
  skipped: '#c8c8c8',
  open: '#e0a030',
  pass: '#3f9b4f',
  over: '#c94a4a',
  neutral: '#7d8ca3',
};

export interface Bar {
  start: number;
  end: number;
  kind: BarKind;
  /** Tooltip. */
  title: string;
}

export interface Lane {
  label: string;
  bars: Bar[];
  /** A deadline drawn as a dashed tick in this lane (e.g. left_at + RTO). */
  marker?: number;
  /** Printed after the last bar (e.g. `41.0s over RTO`). */
  note?: string;
}

export interface TimelineOptions {
  id: string;
  /** Accessible name and SVG <title>. */
  title: string;
  origin: number;
  lanes: Lane[];
}

const WIDTH = 960;
const LABEL_WIDTH = 210;
const NOTE_WIDTH = 130;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - NOTE_WIDTH;
const AXIS_HEIGHT = 26;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const MAX_LABEL = 30;
const TICK_STEPS_MS = [
  100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3,
  43200e3, 86400e3,
];
const MAX_TICKS = 8;

export function renderTimeline(options: TimelineOptions): Markup {
  const end = timelineEnd(options);
  const span = Math.max(end - options.origin, 1);
  const x = (t: number): number => LABEL_WIDTH + ((t - options.origin) / span) * PLOT_WIDTH;
  const height = AXIS_HEIGHT + options.lanes.length * ROW_HEIGHT + 6;
  const lanes = options.lanes.map((lane, i) => renderLane(lane, AXIS_HEIGHT + i * ROW_HEIGHT, x));
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    id="${options.id}"
    class="timeline"
    role="img"
    aria-label="${options.title}"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    preserveAspectRatio="xMinYMin meet"
    font-family="sans-serif"
    font-size="11"
  >
    <title>${options.title}</title>
    ${renderAxis(span, height, x, options.origin)} ${lanes}
  </svg>`;
}

function timelineEnd(options: TimelineOptions): number {
  let end = options.origin;
  for (const lane of options.lanes) {
    for (const bar of lane.bars) end = Math.max(end, bar.end, bar.start);
    if (lane.marker !== undefined) end = Math.max(end, lane.marker);
  }
  return end;
}

function renderAxis(span: number, height: number, x: (t: number) => number, origin: number): Markup {
  const step = TICK_STEPS_MS.find((s) => span / s <= MAX_TICKS) ?? span;
  const ticks: Markup[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    const at = num(x(origin + offset));
    ticks.push(
      html`<line x1="${at}" y1="${AXIS_HEIGHT - 6}" x2="${at}" y2="${height}" stroke="#ddd" />
        <text x="${at}" y="${AXIS_HEIGHT - 10}" text-anchor="middle" fill="#555">${formatOffset(offset)}</text>`
    );
  }
  return html`<g class="axis">${ticks}</g>`;
}

/** `+0s`, `+500ms`, `+15s`, `+1m30s`, `+2m`, `+1h`, `+1h30m`. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '+0s';
  if (ms < 1000) return `+${ms}ms`;
  if (ms < 60e3) return `+${Math.round(ms / 100) / 10}s`;
  const seconds = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 && h === 0 ? `${s}s` : ''];
  return `+${parts.join('')}`;
}

function renderLane(lane: Lane, top: number, x: (t: number) => number): Markup {
  const textY = num(top + ROW_HEIGHT / 2 + 4);
  const label = lane.label.length > MAX_LABEL ? `${lane.label.slice(0, MAX_LABEL - 1)}…` : lane.label;
  const bars = lane.bars.map((bar) => renderBar(bar, top + (ROW_HEIGHT - BAR_HEIGHT) / 2, x));
  const marker = lane.marker === undefined ? '' : renderMarker(x(lane.marker), top);
  return html`<g class="lane">
    <text x="${LABEL_WIDTH - 8}" y="${textY}" text-anchor="end" fill="#222"><title>${lane.label}</title>${label}</text>
    ${bars} ${marker} ${renderNote(lane, textY, x)}
  </g>`;
}

function renderNote(lane: Lane, textY: string, x: (t: number) => number): Markup | string {
  if (lane.note === undefined) return '';
  const lastEnd = Math.max(...lane.bars.map((b) => b.end), lane.marker ?? -Infinity);
  const noteX = Number.isFinite(lastEnd) ? x(lastEnd) + 6 : LABEL_WIDTH;
  return html`<text x="${num(noteX)}" y="${textY}" fill="#222">${lane.note}</text>`;
}

function renderBar(bar: Bar, top: number, x: (t: number) => number): Markup {
  const left = x(bar.start);
  const width = Math.max(x(bar.end) - left, 2);
  const dash = bar.kind === BarKind.OPEN ? html` stroke-dasharray="4 2"` : '';
  return html`<rect
    class="bar bar-${bar.kind}"
    x="${num(left)}"
    y="${num(top)}"
    width="${num(width)}"
    height="${BAR_HEIGHT}"
    rx="2"
    fill="${FILL[bar.kind]}"
    stroke="#333"
    stroke-width="0.5"
    ${dash}
    ><title>${bar.title}</title></rect
  >`;
}

function renderMarker(at: number, top: number): Markup {
  return html`<line
    class="marker"
    x1="${num(at)}"
    y1="${num(top + 1)}"
    x2="${num(at)}"
    y2="${num(top + ROW_HEIGHT - 1)}"
    stroke="#222"
    stroke-width="1.5"
    stroke-dasharray="3 2"
  />`;
}
