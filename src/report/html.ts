/**
 * `runbook report RUN --html FILE`: one self-contained HTML file (inline CSS and SVG, no script, no network) that
 * reads well on screen and on paper: verdict, who/when/where, journal status, per-VM recovery timeline and table
 * (slowest first), SPM handover, failback, waits, and the step timeline.
 */
import { formatDuration } from '../shared/duration';
import {
  describeRto,
  describeSession,
  formatDateTime,
  formatMaybeDuration,
  runDurationMs,
  VERDICT_LABEL,
} from './format';
import { renderSite, renderStop } from './html-site';
import { renderMoveTable, renderStepTable, renderWaitTable } from './html-tables';
import { REPORT_CSS } from './html-style';
import { html } from './markup';
import type { Markup } from './markup';
import { renderMoveTimeline, renderStepTimeline } from './timelines';
import { DrillPhase, VmOutcome } from './types';
import type { DrillReport } from './types';

export interface HtmlOptions {
  /** When the report was made (epoch ms); default now. */
  generatedAt?: number;
}

export function renderHtmlReport(report: DrillReport, options: HtmlOptions = {}): string {
  const title = `DR drill report: ${report.runbook.name} (${report.runId})`;
  const body = html`<main>
    <h1>
      DR drill report: ${report.runbook.name}
      <span class="verdict verdict-${report.rto.verdict}" id="verdict">${VERDICT_LABEL[report.rto.verdict]}</span>
    </h1>
    <p class="subtitle">Run <code>${report.runId}</code>, ${describeRto(report.rto)}</p>
    ${renderJournalBanner(report)}${renderReasons(report)}${renderStop(report)} ${renderFacts(report)}
    ${renderFailover(report)} ${renderSite(report)} ${renderFailback(report)}
    ${report.waits.length === 0
      ? ''
      : html`<h2>Waits</h2>
          ${renderWaitTable(report)}`}
    <h2>Steps</h2>
    ${renderStepTimeline(report) ?? html`<p class="muted">The journal records no step.</p>`}
    ${renderLegend(
      ['ok', '#7fb77e'],
      ['changed', '#4a7fc1'],
      ['failed', '#c94a4a'],
      ['skipped', '#c8c8c8'],
      ['unfinished', '#e0a030']
    )}
    ${renderStepTable(report)} ${renderNotes(report)}
    <footer>
      Generated ${formatDateTime(options.generatedAt ?? Date.now())} by runbook from ${report.journal.path}. VM, SPM and
      wait times are the engine's clock (its event feed); step times are the control machine's clock.
    </footer>
  </main>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${html`${title}`.text}</title>
<style>${REPORT_CSS}</style>
</head><body>
${body.text}
</body></html>
`;
}

function renderJournalBanner(report: DrillReport): Markup {
  const j = report.journal;
  if (j.isIntact) return html`<p class="banner banner-good" id="journal-status">Journal verified: ${j.reason}.</p>`;
  return html`<p class="banner banner-bad" id="journal-status">
    <strong>The journal FAILED verification</strong>: ${j.reason}. This report shows only the ${j.lines} intact
    line${j.lines === 1 ? '' : 's'} before it; do not trust it as evidence.
  </p>`;
}

function renderReasons(report: DrillReport): Markup | string {
  if (report.rto.reasons.length === 0) return '';
  return html`<div class="banner banner-bad">
    <strong>Why the drill failed</strong>
    <ul class="reasons">
      ${report.rto.reasons.map((r) => html`<li>${r}</li>`)}
    </ul>
  </div>`;
}

function renderFacts(report: DrillReport): Markup {
  const duration = runDurationMs(report);
  const sessions = report.sessions.map(
    (s) =>
      html`<div>
        ${s.kind === 'started' ? 'started' : 'resumed'} ${formatDateTime(s.at)} by
        <strong>${describeSession(s)}</strong>: <code>${s.argv.join(' ')}</code>
      </div>`
  );
  return html`<dl class="facts" id="facts">
    <dt>Runbook</dt>
    <dd>${report.runbook.name} <span class="muted">${report.runbook.path}</span></dd>
    <dt>Inventory</dt>
    <dd>${report.inventory.name} <span class="muted">${report.inventory.path}</span></dd>
    <dt>Who, when</dt>
    <dd>${sessions}</dd>
    <dt>Run</dt>
    <dd>
      ${report.status}${report.isDryRun ? ' (dry run: nothing was measured)' : ''},
      ${formatDateTime(report.startedAt)}${duration === undefined ? '' : `, took ${formatDuration(duration)}`}
    </dd>
    <dt>RTO</dt>
    <dd>
      ${report.rto.ms === undefined
        ? 'none set'
        : html`${formatDuration(report.rto.ms)} <span class="muted">from the ${report.rto.source}</span>`}
    </dd>
    <dt>Failover</dt>
    <dd>${describeFailoverCount(report)}</dd>
    <dt>Journal</dt>
    <dd>${report.journal.isIntact ? 'verified' : 'FAILED verification'}: ${report.journal.reason}</dd>
  </dl>`;
}

function describeFailoverCount(report: DrillReport): string {
  const moves = report.recoveries;
  const recovered = moves.filter((m) => m.outcome === VmOutcome.RECOVERED);
  const missing = moves.filter((m) => m.outcome !== VmOutcome.RECOVERED).map((m) => m.name);
  const slowest = recovered.length > 0 ? `, slowest ${formatMaybeDuration(recovered[0]?.recoveryMs)}` : '';
  const tail = missing.length > 0 ? `; NOT recovered or not measured: ${missing.join(', ')}` : '';
  return `${recovered.length} of ${moves.length} VM${moves.length === 1 ? '' : 's'} recovered${slowest}${tail}`;
}

function renderFailover(report: DrillReport): Markup {
  const timeline = renderMoveTimeline(report, DrillPhase.FAILOVER);
  return html`<h2>Failover: recovery time per VM</h2>
    ${timeline ??
    html`<p class="muted">No VM recovery was measured (no olvm.wait result with VMs in the failover).</p>`}
    ${timeline === undefined
      ? ''
      : renderLegend(
          ['within RTO', '#3f9b4f'],
          ['over RTO', '#c94a4a'],
          ['not judged', '#7d8ca3'],
          ['never up', '#e0a030']
        )}
    ${renderMoveTable('recovery-table', report.recoveries, true)}`;
}

function renderFailback(report: DrillReport): Markup | string {
  if (report.failback.length === 0) return '';
  return html`<h2>Failback</h2>
    ${renderMoveTimeline(report, DrillPhase.FAILBACK) ?? ''}
    ${renderMoveTable('failback-table', report.failback, false)}`;
}

function renderLegend(...items: Array<[string, string]>): Markup {
  return html`<p class="legend muted">
    ${items.map(([label, colour]) => html`<span><i style="background:${colour}"></i>${label}</span>`)}${items.some(
      ([l]) => l === 'within RTO'
    )
      ? html`<span>dashed tick: the RTO deadline</span>`
      : ''}
  </p>`;
}

function renderNotes(report: DrillReport): Markup | string {
  if (report.notes.length === 0) return '';
  return html`<h2>Notes</h2>
    <ul id="notes">
      ${report.notes.map((n) => html`<li>${n}</li>`)}
    </ul>`;
}
