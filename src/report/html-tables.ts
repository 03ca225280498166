/** The report's HTML tables: recovery per VM, failback, SPM handovers, waits, steps. Every value is escaped. */
import { formatDuration } from '../shared/duration';
import { describeRecovery, describeWithinRto, formatClock, formatMaybeDuration } from './format';
import { html } from './markup';
import type { Markup } from './markup';
import type { DrillReport, SpmHandover, VmMove } from './types';

function clock(ms: number | undefined): string {
  return ms === undefined ? '-' : formatClock(ms);
}

function rowClass(move: VmMove): string {
  if (move.upAt === undefined) return 'never';
  return move.isWithinRto === false ? 'over' : '';
}

/** Failover (judged against the RTO) or failback (not judged). */
export function renderMoveTable(id: string, moves: readonly VmMove[], isJudged: boolean): Markup {
  const rows = moves.map((m, i) => {
    const verdict = describeWithinRto(m);
    return html`<tr class="${rowClass(m)}" data-vm="${m.name}" data-recovery-ms="${m.recoveryMs ?? ''}">
      <td class="num">${i + 1}</td>
      <td>${m.name}</td>
      <td>${m.how ?? '-'}</td>
      <td>${m.fromHost ?? '-'}</td>
      <td>${m.toHost ?? '-'}</td>
      <td>${clock(m.leftAt)}</td>
      <td>${clock(m.upAt)}</td>
      <td class="num">${describeRecovery(m)}</td>
      ${isJudged ? html`<td class="state-${verdict === 'over RTO' ? 'over' : verdict}">${verdict}</td>` : ''}
      <td>${m.stepId}</td>
    </tr>`;
  });
  return html`<table id="${id}">
    <thead>
      <tr>
        <th class="num">#</th>
        <th>VM</th>
        <th>how</th>
        <th>from host</th>
        <th>to host</th>
        <th>host left (UTC)</th>
        <th>ran again (UTC)</th>
        <th class="num">${isJudged ? 'recovery time' : 'time'}</th>
        ${isJudged ? html`<th>RTO</th>` : ''}
        <th>wait step</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function renderSpmTable(handovers: readonly SpmHandover[]): Markup {
  const rows = handovers.map(
    (h) =>
      html`<tr>
        <td>${h.phase}</td>
        <td>${h.fromHost ?? '-'}</td>
        <td>${h.toHost ?? '-'}</td>
        <td>${clock(h.lostAt)}</td>
        <td>${clock(h.electedAt)}</td>
        <td class="num">${h.electedAt === undefined ? 'no SPM elected' : formatMaybeDuration(h.handoverMs, '?')}</td>
        <td>${h.stepId}</td>
      </tr>`
  );
  return html`<table id="spm-table">
    <thead>
      <tr>
        <th>phase</th>
        <th>SPM was</th>
        <th>SPM now</th>
        <th>lost (UTC)</th>
        <th>elected (UTC)</th>
        <th class="num">handover</th>
        <th>wait step</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function renderWaitTable(report: DrillReport): Markup {
  const rows = report.waits.map(
    (w) =>
      html`<tr>
        <td>${w.stepId}</td>
        <td>${w.phase}</td>
        <td>${w.condition}</td>
        <td>${w.site ?? '-'}</td>
        <td>${clock(w.startedAt)}</td>
        <td>${clock(w.finishedAt)}</td>
        <td class="num">${formatMaybeDuration(w.elapsedMs)}</td>
        <td class="state-${w.status === 'failed' ? 'FAIL' : 'ok'}">
          ${w.status}${w.error === undefined ? '' : `: ${w.error}`}
        </td>
      </tr>`
  );
  return html`<table id="wait-table">
    <thead>
      <tr>
        <th>step</th>
        <th>phase</th>
        <th>condition</th>
        <th>site</th>
        <th>started (UTC)</th>
        <th>finished (UTC)</th>
        <th class="num">elapsed</th>
        <th>status</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function renderStepTable(report: DrillReport): Markup {
  const rows = report.steps.map((s) => {
    const failures = s.tasks
      .filter((t) => t.error !== undefined)
      .map((t) => `${t.target ?? ''} ${t.error ?? ''}`.trim());
    return html`<tr>
      <td>${formatClock(s.startedAt)}</td>
      <td class="num">+${formatDuration(s.startedAt - report.startedAt)}</td>
      <td class="num">${formatMaybeDuration(s.durationMs, 'unfinished')}</td>
      <td class="state-${s.status === 'failed' ? 'FAIL' : 'ok'}">${s.status ?? 'unfinished'}</td>
      <td><code>${s.stepId}</code>${s.name === undefined ? '' : html` <span class="muted">${s.name}</span>`}</td>
      <td>${s.module}</td>
      <td class="num">${s.tasks.length}</td>
      <td>${failures.join('; ')}</td>
    </tr>`;
  });
  return html`<table id="step-table">
    <thead>
      <tr>
        <th>started (UTC)</th>
        <th class="num">offset</th>
        <th class="num">took</th>
        <th>status</th>
        <th>step</th>
        <th>module</th>
        <th class="num">tasks</th>
        <th>errors</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
